// The new-report form: add items, show "taken by" only for a theft, pick an existing customer,
// Ctrl+Enter to file. Works without this script too (one item, all fields shown).
(function () {
  "use strict";
  var form = document.querySelector(".js-report-form");
  if (!form) return;

  var total = form.querySelector("input[name='items-TOTAL_FORMS']");
  var template = document.getElementById("item-template");
  var items = document.getElementById("items");
  var addButton = form.querySelector(".js-add-item");

  if (addButton && template && total) {
    addButton.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (index >= parseInt(addButton.dataset.max || "20", 10)) return;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var fieldset = holder.firstElementChild;
      var number = fieldset.querySelector(".js-item-number");
      if (number) number.textContent = String(index + 1);
      items.appendChild(fieldset);
      total.value = String(index + 1);
      var first = fieldset.querySelector("select, input:not([type=hidden]), textarea");
      if (first) first.focus();
    });
  }

  function showTheftBy() {
    var checked = form.querySelector("input[name='kind']:checked");
    var theft = checked && checked.value === "theft";
    form.querySelectorAll(".js-theft-only").forEach(function (element) {
      element.classList.toggle("d-none", !theft);
    });
  }
  form.querySelectorAll("input[name='kind']").forEach(function (radio) {
    radio.addEventListener("change", showTheftBy);
  });
  showTheftBy();

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".js-use-customer");
    if (!button) return;
    var set = function (name, value) {
      var field = form.querySelector("[name='" + name + "']");
      if (field && value !== undefined) field.value = value;
    };
    set("customer", button.dataset.id);
    set("name", button.dataset.name);
    set("phone", button.dataset.phone);
    set("email", button.dataset.email);
    set("preferred_language", button.dataset.language);
    set("preferred_channel", button.dataset.channel);
    var declined = form.querySelector("[name='declined_followups']");
    if (declined) declined.checked = button.dataset.declined === "1";
    var badge = form.querySelector(".js-customer-chosen");
    if (badge) badge.classList.remove("d-none");
    document.getElementById("customer-candidates").innerHTML = "";
    var email = form.querySelector("[name='email']");
    if (email) email.focus();
  });

  // Changing the name or phone after choosing a customer means a different person: forget the choice.
  ["name", "phone"].forEach(function (name) {
    var field = form.querySelector("[name='" + name + "']");
    if (!field) return;
    field.addEventListener("input", function (event) {
      if (!event.isTrusted) return;
      var chosen = form.querySelector("[name='customer']");
      if (chosen && chosen.value && name === "name") {
        chosen.value = "";
        var badge = form.querySelector(".js-customer-chosen");
        if (badge) badge.classList.add("d-none");
      }
    });
  });

  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
})();
