# Two commands on a fresh machine: `make run` (dashboard on the SQLite demo database) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := data/hromada.db

.PHONY: run test check lint venv demo-db clean-db

$(BIN)/activate: requirements.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(BIN)/activate

venv: $(BIN)/activate

$(DB): | $(BIN)/activate
	$(BIN)/python -m data_access init
	$(BIN)/python -m data_access seed-demo

demo-db: $(DB)

run: $(BIN)/activate $(DB)
	$(BIN)/python -m data_access init
	-@$(BIN)/python -m reports browser-check
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port 8501

lint: $(BIN)/activate
	$(BIN)/ruff check .

test: $(BIN)/activate lint
	$(BIN)/python -m pytest -q

check: test

clean-db:
	rm -f $(DB) $(DB)-wal $(DB)-shm
