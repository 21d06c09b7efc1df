-- What the Neovim end-to-end drivers share (e2e.lua, python_missions.lua).
--
-- A driver loads the documented set-up (scenario.lua), acts as a user would
-- on the files in $SCENARIO_E2E_DIR, and writes what Neovim showed as JSON to
-- $SCENARIO_E2E_RESULT. Each step is recorded on its own, so one broken
-- feature never hides the others; the file is rewritten after every step, so
-- a run that is killed still tells how far it got.
local M = {}

M.dir = assert(os.getenv('SCENARIO_E2E_DIR'), 'SCENARIO_E2E_DIR is not set')
-- The one factor of every deadline of the tests (SCENARIO_TEST_TIME_SCALE, see tests/helpers.py).
M.TIME_SCALE = assert(tonumber(os.getenv('SCENARIO_TEST_TIME_SCALE') or '1'), 'SCENARIO_TEST_TIME_SCALE is not a number')
-- How long a step waits for what it needs (the server attached, a diagnostic, a file written)
-- before it fails; ample on a loaded machine, and only a failing step waits it out.
M.TIMEOUT_MS = 60000 * M.TIME_SCALE
M.results = { nvim = tostring(vim.version()), steps = {} }

local result_path = assert(os.getenv('SCENARIO_E2E_RESULT'), 'SCENARIO_E2E_RESULT is not set')

function M.save()
  local file = assert(io.open(result_path, 'w'))
  file:write(vim.json.encode(M.results))
  file:close()
end

function M.wait_for(what, predicate, timeout)
  if not vim.wait(timeout or M.TIMEOUT_MS, predicate, 20) then
    error('timed out waiting for ' .. what, 0)
  end
end

-- Opens a file of the workspace (a path relative to it) in the current window.
function M.open(name)
  vim.cmd.edit(vim.fn.fnameescape(M.dir .. '/' .. name))
  return vim.api.nvim_get_current_buf()
end

function M.scenario_clients(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = 'scenario' })
end

function M.attach(buf)
  M.wait_for('the scenario server to attach', function()
    local clients = M.scenario_clients(buf)
    return #clients > 0 and clients[1].initialized
  end)
end

-- The diagnostics Neovim holds for a buffer, with the LSP related information behind each.
function M.diagnostics(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local related = {}
    local lsp = d.user_data and d.user_data.lsp or {}
    for _, info in ipairs(lsp.relatedInformation or {}) do
      table.insert(related, {
        path = vim.uri_to_fname(info.location.uri),
        line = info.location.range.start.line,
        message = info.message,
      })
    end
    table.insert(found, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = vim.diagnostic.severity[d.severity],
      code = d.code,
      source = d.source,
      message = d.message,
      related = related,
    })
  end
  return found
end

function M.lines(buf)
  return vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end

-- The 1-based number of the first line of `buf` matching the Lua pattern.
function M.line_of(buf, pattern)
  for i, text in ipairs(M.lines(buf)) do
    if text:match(pattern) then
      return i
    end
  end
  error('no line matches ' .. pattern, 0)
end

-- The floating window a hover opened: its lines, then it is closed.
function M.hover_shown()
  local float
  M.wait_for('the hover window', function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        float = win
        return true
      end
    end
    return false
  end)
  local shown = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false)
  vim.api.nvim_win_close(float, true)
  return shown
end

function M.step(name, fn)
  local ok, value = xpcall(fn, debug.traceback)
  if ok then
    M.results.steps[name] = value or {}
    M.results.steps[name].ok = true
  else
    M.results.steps[name] = { ok = false, error = tostring(value) }
  end
  M.save()
end

-- Runs `run` once Neovim has started, records whether it finished, and quits.
function M.main(run)
  vim.api.nvim_create_autocmd('VimEnter', {
    once = true,
    nested = true, -- :edit inside must fire FileType, as it does for a user
    callback = function()
      local ok, err = xpcall(run, debug.traceback)
      if not ok then
        M.results.error = tostring(err)
      end
      M.results.done = true
      M.save()
      vim.cmd('qall!')
    end,
  })
end

return M
