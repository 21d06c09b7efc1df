-- End-to-end driver for tests/editors/test_neovim_python.py.
--
--   nvim --headless --clean -u tests/editors/nvim/python_missions.lua
--
-- Loads only the documented set-up (scenario.lua beside this file). In
-- $SCENARIO_E2E_DIR/checkout, a copy of examples/checkout, it opens the
-- failing scenario file, waits for the Python mission's mission_error, looks
-- at it (hover, go to definition), then fixes the Python file as a user
-- would: opens checkout/domain.py, adds the missing discount code and writes
-- it. Neovim on Linux does not watch files for the server, so the server
-- notices the change itself; the driver waits for the diagnostic to go.
-- See driver.lua for how steps are recorded.
local here = vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2))

dofile(here .. '/scenario.lua')

local e2e = dofile(here .. '/driver.lua')

local SCENARIO_FILE = 'checkout/failing.scenario.yaml'
local DOMAIN_FILE = 'checkout/checkout/domain.py'
-- The line the fix adds after the FIVEOFF discount (with its indentation).
local FIX = 'Discount("SPRING25", DiscountKind.PERCENT, 25),'

local function codes(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    found[d.code] = (found[d.code] or 0) + 1
  end
  return found
end

local function mission_error(buf)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'mission_error' then
      return d
    end
  end
end

local scenario

local function run()
  e2e.step('mission_error', function()
    scenario = e2e.open(SCENARIO_FILE)
    e2e.attach(scenario)
    e2e.wait_for('the mission_error diagnostic', function()
      return mission_error(scenario) ~= nil
    end)
    return { diagnostics = e2e.diagnostics(scenario), lines = e2e.lines(scenario) }
  end)

  e2e.step('hover', function()
    local d = assert(mission_error(scenario), 'no mission_error diagnostic')
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    vim.lsp.buf.hover()
    return { lnum = d.lnum, shown = e2e.hover_shown() }
  end)

  e2e.step('definition', function()
    local d = assert(mission_error(scenario), 'no mission_error diagnostic')
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    vim.lsp.buf.definition()
    e2e.wait_for('the jump to another file', function()
      return vim.api.nvim_get_current_buf() ~= scenario
    end)
    local jumped = {
      buffer = vim.api.nvim_buf_get_name(0),
      lnum = vim.api.nvim_win_get_cursor(0)[1],
      line = vim.api.nvim_get_current_line(),
    }
    vim.cmd.buffer(scenario)
    return jumped
  end)

  e2e.step('fix', function()
    local domain = e2e.open(DOMAIN_FILE)
    local after = e2e.line_of(domain, '^%s*Discount%("FIVEOFF"')
    local indent = e2e.lines(domain)[after]:match('^%s*')
    vim.api.nvim_buf_set_lines(domain, after, after, true, { indent .. FIX })
    vim.cmd.write()
    vim.cmd.buffer(scenario)
    return { lnum = after + 1, written = indent .. FIX }
  end)

  e2e.step('fixed', function()
    local started = vim.uv.hrtime()
    e2e.wait_for('the mission_error diagnostic to go', function()
      return mission_error(scenario) == nil and next(codes(scenario)) ~= nil
    end, 30000)
    return {
      seconds = (vim.uv.hrtime() - started) / 1e9,
      diagnostics = e2e.diagnostics(scenario),
      lines = e2e.lines(scenario),
    }
  end)
end

e2e.main(run)
