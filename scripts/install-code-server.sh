#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs: Node 24 (code-server refuses
# older Node), the Debian packages code-server's native modules and Chromium
# need, code-server itself, and playwright-core to drive Chromium.
#
# Idempotent: every step checks whether its result is already there and skips
# the work if so, so CI can run it on every build.
#
# Installs into $TOOLS_DIR (default: <repo>/.tools):
#   $TOOLS_DIR/node24/node_modules/.bin/node
#   $TOOLS_DIR/code-server/node_modules/.bin/code-server
#   $TOOLS_DIR/e2e/node_modules/playwright-core
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential chromium)

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${TOOLS_DIR:-$REPO_DIR/.tools}"
E2E_DIR="$REPO_DIR/tests/editors/vscode_e2e"

log() { printf '[install-code-server] %s\n' "$*"; }

mkdir -p "$TOOLS_DIR"
TOOLS_DIR="$(cd "$TOOLS_DIR" && pwd)"

# 1. Node 24 from the npm registry (no other download source is reachable).
NODE24_DIR="$TOOLS_DIR/node24"
NODE24="$NODE24_DIR/node_modules/.bin/node"
if [[ -x "$NODE24" ]] && [[ "$("$NODE24" --version)" == v${NODE_MAJOR}.* ]]; then
  log "node $("$NODE24" --version) already installed"
else
  log "installing node@${NODE_MAJOR} into $NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  npm install --prefix "$NODE24_DIR" --no-audit --no-fund "node@${NODE_MAJOR}"
  log "node $("$NODE24" --version) installed"
fi
export PATH="$NODE24_DIR/node_modules/.bin:$PATH"

# 2. Debian packages: headers for code-server's native modules, and Chromium.
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} == 0)); then
  log "apt packages already installed"
else
  SUDO=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null; then SUDO=(sudo); else
      log "need root (or sudo) to apt-get install: ${missing[*]}"; exit 1
    fi
  fi
  log "apt-get installing: ${missing[*]}"
  "${SUDO[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

# 3. code-server 4.139.1 (VS Code 1.139.1 in a browser), built with Node 24.
CS_DIR="$TOOLS_DIR/code-server"
CODE_SERVER="$CS_DIR/node_modules/.bin/code-server"
if [[ -x "$CODE_SERVER" ]] && "$CODE_SERVER" --version 2>/dev/null | head -1 | grep -q "^${CODE_SERVER_VERSION} "; then
  log "code-server ${CODE_SERVER_VERSION} already installed"
else
  log "installing code-server@${CODE_SERVER_VERSION} into $CS_DIR (takes a few minutes)"
  mkdir -p "$CS_DIR"
  npm install --prefix "$CS_DIR" --no-audit --no-fund --save-exact "code-server@${CODE_SERVER_VERSION}"
  "$CODE_SERVER" --version | head -1
fi

# 4. playwright-core, pinned by the e2e test's own lock file (no browser download:
#    the test drives Debian's /usr/bin/chromium).
PW_DIR="$TOOLS_DIR/e2e"
if [[ -f "$PW_DIR/package-lock.json" ]] && cmp -s "$PW_DIR/package-lock.json" "$E2E_DIR/package-lock.json" \
   && [[ -d "$PW_DIR/node_modules/playwright-core" ]]; then
  log "playwright-core already installed"
else
  log "installing playwright-core into $PW_DIR"
  mkdir -p "$PW_DIR"
  cp "$E2E_DIR/package.json" "$E2E_DIR/package-lock.json" "$PW_DIR/"
  (cd "$PW_DIR" && npm ci --no-audit --no-fund)
fi

log "done: node $("$NODE24" --version), code-server $("$CODE_SERVER" --version | head -1 | cut -d' ' -f1), chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}')"
