-- End-to-end driver for tests/editors/test_neovim_trace.py.
--
--   nvim --headless --clean -u tests/editors/nvim/trace.lua
--
-- Loads only the documented set-up (scenario.lua and show_trace.lua beside
-- this file), opens $SCENARIO_E2E_DIR/own.scenario.yaml, runs the Trace lens
-- of a call as a user does (:lua vim.lsp.codelens.run() on its line), reads
-- the scratch buffer that opens, then `gF` on a step's place. See driver.lua
-- for how steps are recorded.
local here = vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2))

dofile(here .. '/scenario.lua')
dofile(here .. '/show_trace.lua')

local e2e = dofile(here .. '/driver.lua')
local step, wait_for = e2e.step, e2e.wait_for

local function trace_lenses(buf)
  local found = {}
  for _, lens in ipairs(vim.lsp.codelens.get(buf)) do
    if lens.command and lens.command.command == 'scenario.showTrace' then
      table.insert(found, { lnum = lens.range.start.line, title = lens.command.title, arguments = lens.command.arguments })
    end
  end
  return found
end

local function scratch_window()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    local buf = vim.api.nvim_win_get_buf(win)
    if vim.bo[buf].buftype == 'nofile' and (vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1] or ''):match('^Trace of scenario') then
      return win, buf
    end
  end
end

local source

local function run()
  step('lenses', function()
    source = e2e.open('own.scenario.yaml')
    e2e.attach(source)
    wait_for('the Trace lenses', function()
      return #trace_lenses(source) > 0
    end)
    return { lenses = trace_lenses(source) }
  end)

  step('show_trace', function()
    local lens = trace_lenses(source)[1]
    vim.api.nvim_win_set_cursor(0, { lens.lnum + 1, 0 })
    local windows = #vim.api.nvim_list_wins()
    vim.lsp.codelens.run()
    wait_for('the trace buffer', function()
      return scratch_window() ~= nil
    end)
    local win, buf = scratch_window()
    return {
      windows_before = windows,
      windows_after = #vim.api.nvim_list_wins(),
      current = vim.api.nvim_get_current_win() == win,
      buftype = vim.bo[buf].buftype,
      modifiable = vim.bo[buf].modifiable,
      lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false),
    }
  end)

  step('goto_step', function()
    local win, buf = scratch_window()
    vim.api.nvim_set_current_win(win)
    local number = e2e.line_of(buf, '^  mark ')
    local text = vim.api.nvim_buf_get_lines(buf, number - 1, number, false)[1]
    vim.api.nvim_win_set_cursor(win, { number, text:find('own%.scenario%.yaml') - 1 })
    vim.cmd('normal! gF')
    return { file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ':t'), line = vim.api.nvim_win_get_cursor(0)[1] }
  end)
end

e2e.main(run)
