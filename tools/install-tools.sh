#!/usr/bin/env bash
# Install the command-line tools whose dependency pins clash with the project venv
# (checkov, aws-sam-cli), each into its own venv under .tools/<name>, and the browser the web
# view's test drives (`browser`: Debian's chromium + chromium-driver, through apt; Playwright's
# and Selenium's own browser downloads are not reachable from our machines).
#
# Idempotent: a tool whose binary already exists is skipped (the browser: when both
# `chromium` and `chromedriver` are on PATH, without touching apt).
#   tools/install-tools.sh              # install every tool
#   tools/install-tools.sh checkov      # only checkov
#   PYTHON=python3.11 tools/install-tools.sh sam
#
# The result is .tools/checkov/bin/checkov and .tools/sam/bin/sam (gitignore .tools/).
# Versions are pinned to the ones template.yaml was checked with (a newer checkov brings new
# checks); override with CHECKOV_VERSION=... / SAM_CLI_VERSION=... (remove .tools/<name> first).
set -euo pipefail

CHECKOV_VERSION="${CHECKOV_VERSION:-3.3.30}"
SAM_CLI_VERSION="${SAM_CLI_VERSION:-1.170.0}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${TOOLS_DIR:-$ROOT/.tools}"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

# name -> "pip requirement|binary"
declare -A SPEC=(
  [checkov]="checkov==${CHECKOV_VERSION}|checkov"
  [sam]="aws-sam-cli==${SAM_CLI_VERSION}|sam"
)

install_one() {
  local name="$1" req bin venv
  if [[ -z "${SPEC[$name]:-}" ]]; then
    echo "install-tools: unknown tool '$name' (known: ${!SPEC[*]})" >&2
    return 2
  fi
  req="${SPEC[$name]%%|*}"
  bin="${SPEC[$name]##*|}"
  venv="$TOOLS_DIR/$name"
  if [[ -x "$venv/bin/$bin" ]] && "$venv/bin/$bin" --version >/dev/null 2>&1; then
    echo "install-tools: $name present ($("$venv/bin/$bin" --version 2>/dev/null | head -n1))"
    return 0
  fi
  echo "install-tools: installing $req into $venv"
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$req"
  "$venv/bin/$bin" --version
}

# Debian's chromium and its matching chromedriver (same source package, same version).
install_browser() {
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    echo "install-tools: browser present ($(chromium --version 2>/dev/null | head -n1))"
    return 0
  fi
  local sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo"
    else
      echo "install-tools: the web view's browser test needs chromium and chromium-driver;" \
           "install them as root: apt-get install chromium chromium-driver" >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-tools: no apt-get here; install chromium and its chromedriver (same version) by hand" >&2
    return 1
  fi
  echo "install-tools: installing chromium and chromium-driver with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  chromium --version
}

mkdir -p "$TOOLS_DIR"
if [[ $# -eq 0 ]]; then
  set -- checkov sam browser
fi
for tool in "$@"; do
  if [[ "$tool" == browser ]]; then
    install_browser
  else
    install_one "$tool"
  fi
done
