-- End-to-end driver for tests/editors/test_neovim_python.py.
--
--   nvim --headless --clean -u tests/editors/nvim/python_missions.lua
--
-- Loads only the documented set-up (scenario.lua beside this file). In
-- $SCENARIO_E2E_DIR/checkout, a copy of examples/checkout that nobody has
-- trusted yet, it opens the failing scenario file: the server asks whether to
-- trust the project (window/showMessageRequest, which Neovim shows with
-- vim.ui.select) and meanwhile shows each Python call as not trusted. The
-- driver answers Trust, as a user picks it from the list, waits for the
-- Python mission's mission_error, looks at it (hover, go to definition), then
-- fixes the Python file as a user would: opens checkout/domain.py, adds the
-- missing discount code and writes it. Neovim on Linux does not watch files
-- for the server, so the server notices the change itself; the driver waits
-- for the diagnostic to go. See driver.lua for how steps are recorded.
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

-- The file the project's package writes when it is imported (the test adds that to the copy).
local IMPORTED = 'checkout/IMPORTED'

-- Every choice Neovim asks for (vim.ui.select), and the answer still owed to the latest one.
local questions = {}
local answer

vim.ui.select = function(items, opts, on_choice)
  local titles = {}
  for _, item in ipairs(items) do
    table.insert(titles, opts.format_item and opts.format_item(item) or tostring(item))
  end
  table.insert(questions, { prompt = opts.prompt, kind = opts.kind, items = titles })
  answer = function(title)
    for _, item in ipairs(items) do
      if item.title == title then
        return on_choice(item)
      end
    end
    on_choice(nil)
  end
end

local scenario

local function run()
  e2e.step('untrusted', function()
    scenario = e2e.open(SCENARIO_FILE)
    e2e.attach(scenario)
    e2e.wait_for('the trust question', function()
      return answer ~= nil
    end)
    e2e.wait_for('the untrusted_project diagnostics', function()
      return codes(scenario).untrusted_project ~= nil
    end)
    return {
      questions = vim.deepcopy(questions),
      diagnostics = e2e.diagnostics(scenario),
      imported = vim.uv.fs_stat(e2e.dir .. '/' .. IMPORTED) ~= nil,
    }
  end)

  e2e.step('mission_error', function()
    answer('Trust')
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
    end)
    return {
      seconds = (vim.uv.hrtime() - started) / 1e9,
      diagnostics = e2e.diagnostics(scenario),
      lines = e2e.lines(scenario),
      questions = #questions,
      imported = vim.uv.fs_stat(e2e.dir .. '/' .. IMPORTED) ~= nil,
    }
  end)
end

e2e.main(run)
