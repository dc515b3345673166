# CSPR production image: gunicorn serving Django, static files by WhiteNoise.
# The same image runs the Celery worker and beat (see docker-compose.yml).
#
#   docker build -t cspr .

# --- Stage 1: front-end assets (GOV.UK Frontend + our SCSS) -------------------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts are needed (sass is pure JS), as in scripts/setup.sh.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY scripts/build-assets.mjs scripts/
COPY static/src static/src
RUN npm run build:css

# --- Stage 2: the application ------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CSPR_ENV=production \
    CSPR_MEDIA_ROOT=/var/lib/cspr/media

# pango: WeasyPrint PDFs; libmagic: upload type sniffing; DejaVu: a font PDFs can rely on;
# postgresql-client: pg_dump/psql for backups and `manage.py dbshell`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libmagic1 fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# The app runs unprivileged. The media folder is created here, owned by that user, so a new
# named volume mounted on it inherits the ownership.
RUN groupadd --system --gid 1000 cspr \
    && useradd --system --uid 1000 --gid cspr --home-dir /app --shell /usr/sbin/nologin cspr \
    && install -d -o cspr -g cspr /var/lib/cspr/media

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

# Code and static files stay owned by root: the app user can read but not change them.
COPY . .
COPY --from=assets /src/static/build static/build
# collectstatic imports the settings, which insist on a secret key in production; this dummy
# one exists only during the build and signs nothing.
RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-real-secret python manage.py collectstatic --noinput

# Numeric, so an orchestrator's "run as non-root" check can verify it without /etc/passwd.
USER 1000:1000
EXPOSE 8000
CMD ["gunicorn", "cspr.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
