// Fills a form back in after the session ended while it was being filled in (accounts/session_expiry.py).
(function () {
  "use strict";
  const data = document.getElementById("resume-form-fields");
  if (!data) return;
  const fields = JSON.parse(data.textContent);
  const forms = Array.from(document.querySelectorAll("form[method=post], form[method=POST]"))
    .filter((form) => !form.querySelector("[name=language]") && !form.action.endsWith("/accounts/logout/"));
  forms.forEach((form) => {
    Object.entries(fields).forEach(([name, values]) => {
      const controls = Array.from(form.elements).filter((el) => el.name === name && el.type !== "file"
        && el.type !== "hidden");
      controls.forEach((el, index) => {
        if (el.type === "checkbox" || el.type === "radio") {
          el.checked = values.includes(el.value);
        } else if (el.tagName === "SELECT" && el.multiple) {
          Array.from(el.options).forEach((option) => { option.selected = values.includes(option.value); });
        } else if (index < values.length) {
          el.value = values[index];
        }
      });
    });
  });
})();
