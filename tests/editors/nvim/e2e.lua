-- End-to-end driver for tests/editors/test_neovim.py.
--
--   nvim --headless --clean -u tests/editors/nvim/e2e.lua
--
-- Loads only the documented set-up (scenario.lua beside this file), then acts
-- as a user would on the files in $SCENARIO_E2E_DIR and writes what Neovim
-- showed as JSON to $SCENARIO_E2E_RESULT. Each step is recorded on its own,
-- so one broken feature never hides the others; the file is rewritten after
-- every step, so a run that is killed still tells how far it got.
local here = vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2))
local dir = assert(os.getenv('SCENARIO_E2E_DIR'), 'SCENARIO_E2E_DIR is not set')
local result_path = assert(os.getenv('SCENARIO_E2E_RESULT'), 'SCENARIO_E2E_RESULT is not set')
local TIMEOUT_MS = tonumber(os.getenv('SCENARIO_E2E_STEP_TIMEOUT_MS') or '15000')

dofile(here .. '/scenario.lua')

local results = { nvim = tostring(vim.version()), steps = {} }

local function save()
  local file = assert(io.open(result_path, 'w'))
  file:write(vim.json.encode(results))
  file:close()
end

-- What the server says and answers, as a user would see it.
local messages, command_results = {}, {}
local show_message = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, params, ctx)
  table.insert(messages, { type = params.type, message = params.message })
  return show_message(err, params, ctx)
end
vim.lsp.handlers['workspace/executeCommand'] = function(err, result, ctx)
  table.insert(command_results, { error = err and err.message or vim.NIL, result = result })
end

-- Stands in for the user picking an entry of a menu (several lenses on one line).
local pick_title
vim.ui.select = function(items, opts, on_choice)
  for _, item in ipairs(items) do
    local title = opts.format_item and opts.format_item(item) or tostring(item)
    if title == pick_title then
      return on_choice(item)
    end
  end
  on_choice(nil)
end

local function wait_for(what, predicate, timeout)
  if not vim.wait(timeout or TIMEOUT_MS, predicate, 20) then
    error('timed out waiting for ' .. what, 0)
  end
end

local function open(name)
  vim.cmd.edit(vim.fn.fnameescape(dir .. '/' .. name))
  return vim.api.nvim_get_current_buf()
end

local function scenario_clients(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = 'scenario' })
end

local function attach(buf)
  wait_for('the scenario server to attach', function()
    local clients = scenario_clients(buf)
    return #clients > 0 and clients[1].initialized
  end)
end

local function diagnostics(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(found, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = vim.diagnostic.severity[d.severity],
      code = d.code,
      source = d.source,
      message = d.message,
    })
  end
  return found
end

local function lenses(buf)
  local found = {}
  for _, lens in ipairs(vim.lsp.codelens.get(buf)) do
    table.insert(found, {
      lnum = lens.range.start.line,
      title = lens.command and lens.command.title or vim.NIL,
      command = lens.command and lens.command.command or vim.NIL,
      arguments = lens.command and lens.command.arguments or vim.NIL,
    })
  end
  return found
end

local function lines(buf)
  return vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end

local function find_lens(buf, predicate)
  for _, lens in ipairs(lenses(buf)) do
    if predicate(lens) then
      return lens
    end
  end
end

-- Runs the first lens matching `predicate` as `:lua vim.lsp.codelens.run()` with the
-- cursor on its line, picking it from the menu when the line has several lenses.
-- Returns the lens and how many command answers there were before.
local function run_lens(buf, what, predicate)
  local lens = find_lens(buf, predicate)
  if not lens then
    error('no code lens for ' .. what, 0)
  end
  vim.api.nvim_win_set_cursor(0, { lens.lnum + 1, 0 })
  pick_title = lens.title
  local before = #command_results
  vim.lsp.codelens.run()
  return lens, before
end

local function is_test_run_lens(lens)
  return type(lens.title) == 'string' and lens.title:match('^test_run ') ~= nil
end

local function step(name, fn)
  local ok, value = xpcall(fn, debug.traceback)
  if ok then
    results.steps[name] = value or {}
    results.steps[name].ok = true
  else
    results.steps[name] = { ok = false, error = tostring(value) }
  end
  save()
end

local failing

local function run()
  step('failing', function()
    failing = open('failing.scenario.yaml')
    attach(failing)
    wait_for('diagnostics', function()
      return #vim.diagnostic.get(failing) > 0
    end)
    local client = scenario_clients(failing)[1]
    return {
      filetype = vim.bo[failing].filetype,
      position_encoding = client.offset_encoding,
      diagnostics = diagnostics(failing),
      lines = lines(failing),
    }
  end)

  step('lenses', function()
    wait_for('code lenses with titles', function()
      return find_lens(failing, is_test_run_lens) ~= nil
    end)
    return { lenses = lenses(failing) }
  end)

  step('copy_hash', function()
    vim.fn.setreg('"', '')
    run_lens(failing, 'the test_run hash', is_test_run_lens)
    wait_for('the hash in the unnamed register', function()
      return vim.fn.getreg('"') ~= ''
    end, 2000)
    return { register = vim.fn.getreg('"') }
  end)

  step('run_scenario_lens', function()
    local messages_before = #messages
    local lens, before = run_lens(failing, '▶ Run scenario on baseline', function(l)
      return l.title == '▶ Run scenario' and type(l.arguments) == 'table' and l.arguments[1].scenario == 'baseline'
    end)
    wait_for('the answer to scenario.runScenario', function()
      return #command_results > before
    end)
    wait_for('the summary message', function()
      return #messages > messages_before
    end, 3000)
    return {
      lens = lens,
      answer = command_results[before + 1],
      messages = vim.list_slice(messages, messages_before + 1),
    }
  end)

  step('run_scenario_action', function()
    local lens = find_lens(failing, function(l)
      return l.title == '▶ Run scenario'
    end)
    vim.api.nvim_win_set_cursor(0, { lens.lnum + 1, 4 })
    local before = #command_results
    local titles = {}
    vim.lsp.buf.code_action({
      filter = function(action)
        table.insert(titles, action.title)
        return action.title:match('^Run scenario') ~= nil
      end,
      apply = true,
    })
    wait_for('the answer to the Run scenario code action', function()
      return #command_results > before
    end)
    return { offered = titles, answer = command_results[before + 1] }
  end)

  step('quick_fix', function()
    local target
    for _, d in ipairs(vim.diagnostic.get(failing)) do
      if d.code == 'eq_mismatch' then
        target = d
      end
    end
    if not target then
      error('no eq_mismatch diagnostic to fix', 0)
    end
    vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
    local tick = vim.api.nvim_buf_get_changedtick(failing)
    local titles = {}
    vim.lsp.buf.code_action({
      filter = function(action)
        table.insert(titles, action.title)
        return action.kind == 'quickfix' and action.title:lower():match('^set expected to') ~= nil
      end,
      apply = true,
    })
    wait_for('the quick fix to edit the buffer', function()
      return vim.api.nvim_buf_get_changedtick(failing) ~= tick
    end)
    local fixed_line = target.lnum
    -- The edit is checked again while typing; wait for the failure to go.
    local gone = vim.wait(TIMEOUT_MS, function()
      for _, d in ipairs(vim.diagnostic.get(failing)) do
        if d.code == 'eq_mismatch' and d.lnum == fixed_line then
          return false
        end
      end
      return true
    end, 20)
    return {
      offered = titles,
      lnum = fixed_line,
      lines = lines(failing),
      eq_mismatch_gone = gone,
      diagnostics = diagnostics(failing),
    }
  end)

  -- Editing help, as the README promises it for Neovim: hover (K), go to
  -- definition, completion, and the unknown-mission quick fix.
  local function line_of(pattern)
    for i, text in ipairs(lines(failing)) do
      if text:match(pattern) then
        return i
      end
    end
    error('no line matches ' .. pattern, 0)
  end

  step('hover', function()
    local lnum = line_of('^    path: success$')
    vim.api.nvim_win_set_cursor(0, { lnum, 10 })
    vim.lsp.buf.hover()
    local float
    wait_for('the hover window', function()
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
    return { lnum = lnum, shown = shown }
  end)

  step('definition', function()
    local from = line_of('^    scenario: baseline$')
    vim.api.nvim_win_set_cursor(0, { from, 14 })
    vim.lsp.buf.definition()
    wait_for('the cursor to jump', function()
      return vim.api.nvim_win_get_cursor(0)[1] ~= from
    end)
    local cursor = vim.api.nvim_win_get_cursor(0)
    return { from = from, lnum = cursor[1], col = cursor[2], buffer = vim.api.nvim_buf_get_name(0) }
  end)

  step('completion', function()
    local lnum = line_of('^      %- daily_lop$')
    local client = scenario_clients(failing)[1]
    local answer = client:request_sync('textDocument/completion', {
      textDocument = { uri = vim.uri_from_bufnr(failing) },
      position = { line = lnum - 1, character = #'      - daily_lo' },
    }, TIMEOUT_MS, failing)
    if not answer or answer.err then
      error('completion failed: ' .. vim.inspect(answer), 0)
    end
    local items = answer.result and (answer.result.items or answer.result) or {}
    local labels = {}
    for _, item in ipairs(items) do
      table.insert(labels, item.label)
    end
    return { labels = labels }
  end)

  step('rename_mission', function()
    local lnum = line_of('^      %- daily_lop$')
    vim.api.nvim_win_set_cursor(0, { lnum, 9 })
    local tick = vim.api.nvim_buf_get_changedtick(failing)
    local titles = {}
    vim.lsp.buf.code_action({
      filter = function(action)
        table.insert(titles, action.title)
        return action.kind == 'quickfix' and action.title:match('daily_loop') ~= nil
      end,
      apply = true,
    })
    wait_for('the quick fix to edit the buffer', function()
      return vim.api.nvim_buf_get_changedtick(failing) ~= tick
    end)
    return { offered = titles, lnum = lnum - 1, lines = lines(failing) }
  end)

  -- Rename a library's mission from a call in a scenario file: the library,
  -- that file and one never opened are all rewritten, then written to disk.
  step('rename_library_mission', function()
    local buf = open('checkout.scenario.yaml')
    attach(buf)
    local lnum
    for i, text in ipairs(lines(buf)) do
      if text:match('missions: %[ship_order%]') then
        lnum = i
      end
    end
    vim.api.nvim_win_set_cursor(0, { lnum, (lines(buf)[lnum]:find('ship_order')) })
    local library = dir .. '/lib/shipping.missions.yaml'
    local errors = {}
    local notify = vim.notify
    vim.notify = function(message, level)
      table.insert(errors, message)
      return notify(message, level)
    end
    vim.lsp.buf.rename('dispatch_order')
    wait_for('the rename to reach the library', function()
      local lib = vim.fn.bufnr(library)
      return lib ~= -1 and vim.api.nvim_buf_is_loaded(lib) and table.concat(lines(lib), '\n'):find('dispatch_order') ~= nil
    end)
    vim.notify = notify
    local written = {}
    for _, name in ipairs({ 'lib/shipping.missions.yaml', 'checkout.scenario.yaml', 'returns.scenario.yaml' }) do
      vim.api.nvim_buf_call(vim.fn.bufnr(dir .. '/' .. name), function()
        vim.cmd('silent write')
      end)
      written[name] = table.concat(vim.fn.readfile(dir .. '/' .. name), '\n') .. '\n'
    end
    return { written = written, notifications = errors }
  end)

  step('emoji', function()
    local buf = open('emoji.scenario.yml')
    attach(buf)
    wait_for('diagnostics', function()
      return #vim.diagnostic.get(buf) > 0
    end)
    return { filetype = vim.bo[buf].filetype, diagnostics = diagnostics(buf), lines = lines(buf) }
  end)

  step('plain_yaml', function()
    local buf = open('plain.yaml')
    -- Give a wrongly attaching server the time it would need to show itself.
    vim.wait(1500, function()
      return #scenario_clients(buf) > 0 or #vim.diagnostic.get(buf) > 0
    end, 20)
    local names = {}
    for _, c in ipairs(vim.lsp.get_clients({ bufnr = buf })) do
      table.insert(names, c.name)
    end
    return { filetype = vim.bo[buf].filetype, clients = names, diagnostics = diagnostics(buf) }
  end)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  nested = true, -- :edit inside must fire FileType, as it does for a user
  callback = function()
    local ok, err = xpcall(run, debug.traceback)
    if not ok then
      results.error = tostring(err)
    end
    results.done = true
    save()
    vim.cmd('qall!')
  end,
})
