# Footnote: `make run` serves the web chat, `make test` runs the whole suite.
# Both set up .venv first; the install is skipped while pyproject.toml is unchanged (a stamp file).
PY := .venv/bin/python
PIP := .venv/bin/pip
STAMP := .venv/.stamp-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF \
	-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
INDEX_DIR ?= $(or $(FOOTNOTE_INDEX_DIR),data/index)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test install index browser ocr eval bench clean

run: install index
	$(PY) app.py

test: install browser ocr
	$(PY) -m pytest -q -p no:cacheprovider

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	# torch first: the CPU build on disk; anything that pulls torch before this fetches a CUDA build.
	$(PIP) install -q torch==2.13.0
	# llama-cpp-python compiles llama.cpp; its default (-march=native) lets the compiler emit AMX tile instructions
	# where the CPU advertises them, and a VM that does not enable AMX then dies of SIGILL at the first matrix
	# product. A portable x86-64-v3 build instead, never taken from pip's wheel cache (which may hold a native one).
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) install -q --no-cache-dir "llama-cpp-python[server]"
	$(PIP) install -q -e ".[dev]"
	rm -f .venv/.stamp-*
	touch $(STAMP)

index: install
	test -f $(INDEX_DIR)/chroma.sqlite3 || $(PY) -m ingest data/seed --index-dir $(INDEX_DIR)

# The browser tests drive Debian's chromium through Playwright (never Playwright's own browser download).
browser:
	@command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium)

# The OCR test reads a drawn scan with Debian's tesseract (FOOTNOTE_OCR=tesseract); `make test` installs it, so a missing install fails that test instead of hiding it.
ocr:
	@command -v tesseract >/dev/null || (apt-get update -q && apt-get install -y -q tesseract-ocr)

eval: install
	$(PY) -m eval

bench: install
	$(PY) bench/ingest.py && $(PY) bench/query.py

clean:
	rm -rf .venv data/index
