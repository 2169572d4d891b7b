# Service Stars: `make run` serves the portal, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000

.PHONY: install axe run test bench storm migrate messages translations lock clean

$(BIN)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(BIN)/.installed

# Compile the language catalogues (the .mo files are built, never committed).
translations: install
	$(BIN)/pybabel -q compile -d portal/translations

migrate: translations
	$(FLASK) db upgrade

# Links in emails point at the port served, unless PORTAL_BASE_URL says otherwise.
run: export PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
run: migrate
	$(FLASK) seed-demo --if-empty
	@echo "Service Stars on http://127.0.0.1:$(PORT)  (Ctrl+C to stop; development mail goes to instance/mail/)"
	@# The scheduler runs beside the web server and stops with it.
	$(FLASK) scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:$(PORT) app:app

# axe-core, which the accessibility tests run inside the browser (skipped without npm).
axe:
	@if command -v npm >/dev/null; then \
		[ node_modules/.installed -nt package-lock.json ] || \
			{ npm ci --no-audit --no-fund --silent && touch node_modules/.installed; }; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

test: translations axe
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark at company scale (SCALE=small for a tenth of it); DATABASE_URL=postgresql+psycopg://...
# runs it against an empty PostgreSQL database. Writes bench/results.json; the last line is the summary.
bench: translations
	$(BIN)/python -m bench.run --scale $(or $(SCALE),full)

# The vote storm bigger than in `make test`: 200 voters, 60,000 operations (or set
# STORM_VOTERS / STORM_OPERATIONS; add TEST_DATABASE_URL for PostgreSQL).
storm: translations
	STORM_VOTERS=$${STORM_VOTERS:-200} STORM_OPERATIONS=$${STORM_OPERATIONS:-60000} \
		$(BIN)/python -m pytest -q -s tests/storm

# Extract every translatable string into portal/translations/messages.pot and merge it into
# each language's catalogue; then translate the new entries (the completeness test insists).
# Folders whose names start with "_" (templates/_macros) are read too; tests/i18n/test_catalogues.py walks the same.
messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -o portal/translations/messages.pot --no-location --sort-output -w 120 \
		--ignore-dirs '.* __pycache__ node_modules instance test-artifacts' .
	$(BIN)/pybabel -q update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching --ignore-obsolete -w 120

# Re-pin requirements.lock from pyproject.toml in a throwaway environment.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet ".[test]"
	.lock-venv/bin/pip freeze --exclude pip --exclude service-stars > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache
