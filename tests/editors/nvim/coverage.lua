-- End-to-end driver for tests/editors/test_neovim_coverage.py.
--
--   nvim --headless --clean -u tests/editors/nvim/coverage.lua
--
-- Loads only the documented set-up (scenario.lua and coverage_command.lua
-- beside this file). In $SCENARIO_E2E_DIR, a copy of tests/editors/coverage,
-- it opens the mission library, waits for the hint on the mission no
-- scenario calls and reads how Neovim draws it; runs :ScenarioCoverage and
-- reads the hints on the steps no call reached; then edits the library and
-- waits for those to go. See driver.lua for how steps are recorded.
local here = vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2))

dofile(here .. '/scenario.lua')
dofile(here .. '/coverage_command.lua')

local e2e = dofile(here .. '/driver.lua')

local LIBRARY = 'lib/packing.missions.yaml'

local notified = {}
vim.notify = function(message)
  table.insert(notified, message)
end

-- The hints Neovim holds for the buffer, with their tags, and the lines it draws as unnecessary.
local function hints(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf, { severity = vim.diagnostic.severity.HINT })) do
    table.insert(found, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      code = d.code,
      message = d.message,
      unnecessary = (d._tags or {}).unnecessary == true,
    })
  end
  table.sort(found, function(a, b)
    return a.lnum < b.lnum
  end)
  local faded = {}
  for _, mark in ipairs(vim.api.nvim_buf_get_extmarks(buf, -1, 0, -1, { details = true })) do
    if mark[4].hl_group == 'DiagnosticUnnecessary' then
      faded[tostring(mark[2])] = true
    end
  end
  local lines = {}
  for line in pairs(faded) do
    table.insert(lines, tonumber(line))
  end
  table.sort(lines)
  return { hints = found, faded_lines = lines }
end

local function count(buf, code)
  local n = 0
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then
      n = n + 1
    end
  end
  return n
end

local library

local function run()
  e2e.step('unused_mission', function()
    library = e2e.open(LIBRARY)
    e2e.attach(library)
    e2e.wait_for('the unused_mission hint', function()
      return count(library, 'unused_mission') > 0
    end)
    return hints(library)
  end)

  e2e.step('after_coverage', function()
    vim.cmd('ScenarioCoverage')
    e2e.wait_for('the coverage run and its unreached_step hints', function()
      return #notified > 0 and count(library, 'unreached_step') > 0
    end, 60000)
    local shown = hints(library)
    shown.notified = notified
    return shown
  end)

  e2e.step('after_an_edit', function()
    vim.api.nvim_buf_set_lines(library, -1, -1, false, { '' })
    e2e.wait_for('the unreached_step hints to go', function()
      return count(library, 'unreached_step') == 0
    end)
    return hints(library)
  end)
end

e2e.main(run)
