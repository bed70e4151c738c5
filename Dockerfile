FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var STATIC_MANIFEST=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input -v 0
RUN useradd --system --home /app lostfound && mkdir -p /app/var && chown -R lostfound /app/var
USER lostfound
EXPOSE 8000
# The access log leaves out query strings: a customer search carries names and phone numbers in them.
CMD ["gunicorn", "lostfound.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", \
     "--access-logformat", "%(h)s %(t)s \"%(m)s %(U)s\" %(s)s %(b)s %(M)sms"]
