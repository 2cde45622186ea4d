# Gongkai — the two commands a newcomer runs:
#
#   make demo   a demo site with sample agencies and logins on http://127.0.0.1:8000/
#   make test   lint, architecture contracts and every test (SQLite; PostgreSQL with DATABASE_URL)
#
# Both create .venv (Python >= 3.11) and install the project into it the first
# time, and skip that when pyproject.toml has not changed since (.venv/.installed).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_SETTINGS := gongkai.settings.demo
HOST   ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help demo test lint format bench bench-search install clean

help:
	@echo "make demo    演示站点：建库、载入演示数据（打印登录账号），在 http://$(HOST)/ 运行"
	@echo "make test    ruff、import-linter 架构约定、全部测试（设置 DATABASE_URL 即用 PostgreSQL）"
	@echo "make lint    只运行 ruff 与 import-linter"
	@echo "make bench   年度报告解析与检查的吞吐量（结果记入 docs/benchmarks.md）"
	@echo "make bench-search  全文检索：20 万篇文件的检索延迟与文件页吞吐量"
	@echo "make install 只创建 .venv 并安装"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "需要 Python 3.11 或更高版本，但找不到 '$(PYTHON)'。请安装后重试，或用 make PYTHON=python3.12 …" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
	  echo "需要 Python 3.11 或更高版本，'$(PYTHON)' 是 $$($(PYTHON) -V 2>&1)。请用 make PYTHON=python3.11 … 指定" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	DJANGO_SETTINGS_MODULE=$(DEMO_SETTINGS) $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$(DEMO_SETTINGS) $(BIN)/python manage.py load_demo
	DJANGO_SETTINGS_MODULE=$(DEMO_SETTINGS) $(BIN)/python manage.py runserver $(HOST)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench docs
	$(BIN)/lint-imports

# pytest exits 5 when it collects no test; make treats every non-zero exit
# as a failure, so an empty run fails too (tests/test_ci_script.py checks it).
test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

format: $(STAMP)
	$(BIN)/ruff check --fix src tests bench docs
	$(BIN)/ruff format src tests bench docs

bench: $(STAMP)
	$(BIN)/python bench/bench_parse_check.py

bench-search: $(STAMP)
	$(BIN)/python bench/bench_search.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
