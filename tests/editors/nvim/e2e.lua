-- End-to-end driver for tests/editors/test_neovim.py.
--
--   nvim --headless --clean -u tests/editors/nvim/e2e.lua
--
-- Loads only the documented set-up (scenario.lua beside this file), then acts
-- as a user would on the failing example, a file with an emoji and a plain
-- YAML file in $SCENARIO_E2E_DIR (see driver.lua for how steps are recorded).
local here = vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2))

dofile(here .. '/scenario.lua')

local e2e = dofile(here .. '/driver.lua')
local TIMEOUT_MS = e2e.TIMEOUT_MS
local dir = e2e.dir
local wait_for, open, scenario_clients, attach, diagnostics, lines, step =
  e2e.wait_for, e2e.open, e2e.scenario_clients, e2e.attach, e2e.diagnostics, e2e.lines, e2e.step

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
    end)
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
    end)
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
    return e2e.line_of(failing, pattern)
  end

  step('hover', function()
    local lnum = line_of('^    path: success$')
    vim.api.nvim_win_set_cursor(0, { lnum, 10 })
    vim.lsp.buf.hover()
    return { lnum = lnum, shown = e2e.hover_shown() }
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

  -- Snapshots and accepting: snap_quick.scenario.yaml and snap_all.scenario.yaml have a
  -- stored snapshot of counter 0, say counter 4 now, and expect 1.
  local function snapshot_text(name)
    local file = io.open(dir .. '/__snapshots__/' .. name .. '.json', 'r')
    if not file then
      return nil
    end
    local text = file:read('*a')
    file:close()
    return text
  end

  local function has_code(buf, code)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == code then
        return true
      end
    end
    return false
  end

  local quick
  step('snapshot_lenses', function()
    quick = open('snap_quick.scenario.yaml')
    attach(quick)
    wait_for('the snapshot_changed diagnostic', function()
      return has_code(quick, 'snapshot_changed')
    end)
    wait_for('the Accept snapshot lens', function()
      return find_lens(quick, function(l)
        return l.title == 'Accept snapshot'
      end) ~= nil
    end)
    return { lenses = lenses(quick), diagnostics = diagnostics(quick), lines = lines(quick) }
  end)

  step('inlay_hints', function()
    local hints
    wait_for('inlay hints', function()
      hints = vim.lsp.inlay_hint.get({ bufnr = quick })
      return #hints > 0
    end)
    local found = {}
    for _, item in ipairs(hints) do
      local hint = item.inlay_hint
      local label = hint.label
      if type(label) == 'table' then
        label = table.concat(vim.tbl_map(function(part)
          return part.value
        end, label))
      end
      table.insert(found, { line = hint.position.line, character = hint.position.character, label = label })
    end
    table.sort(found, function(a, b)
      return a.line < b.line or (a.line == b.line and a.character < b.character)
    end)
    return { hints = found, enabled = vim.lsp.inlay_hint.is_enabled({ bufnr = quick }) }
  end)

  step('accept_snapshot_quick_fix', function()
    local before = snapshot_text('snap_quick.scenario.yaml')
    local lnum
    for i, text in ipairs(lines(quick)) do
      if text:match('^  %- name: cart$') then
        lnum = i
      end
    end
    vim.api.nvim_win_set_cursor(0, { lnum, 10 })
    local titles = {}
    vim.lsp.buf.code_action({
      filter = function(action)
        table.insert(titles, action.title)
        return action.kind == 'quickfix' and action.title == 'Accept snapshot'
      end,
      apply = true,
    })
    wait_for('the snapshot file to be written', function()
      return snapshot_text('snap_quick.scenario.yaml') ~= before
    end)
    wait_for('snapshot_changed to go', function()
      return not has_code(quick, 'snapshot_changed')
    end)
    return { offered = titles, snapshot = snapshot_text('snap_quick.scenario.yaml'), diagnostics = diagnostics(quick), lines = lines(quick) }
  end)

  step('accept_all', function()
    local buf = open('snap_all.scenario.yaml')
    attach(buf)
    wait_for('the snapshot_changed diagnostic', function()
      return has_code(buf, 'snapshot_changed')
    end)
    local before = snapshot_text('snap_all.scenario.yaml')
    local tick = vim.api.nvim_buf_get_changedtick(buf)
    local titles = {}
    vim.lsp.buf.code_action({
      context = { only = { 'source.fixAll.scenario' }, diagnostics = {} },
      filter = function(action)
        table.insert(titles, action.title)
        return action.kind == 'source.fixAll.scenario'
      end,
      apply = true,
    })
    wait_for('the buffer to change', function()
      return vim.api.nvim_buf_get_changedtick(buf) ~= tick
    end)
    wait_for('the snapshot file to be written', function()
      return snapshot_text('snap_all.scenario.yaml') ~= before
    end)
    wait_for('every failure to go', function()
      return #vim.diagnostic.get(buf) == 0
    end)
    return { offered = titles, lines = lines(buf), snapshot = snapshot_text('snap_all.scenario.yaml'), diagnostics = diagnostics(buf) }
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
    vim.wait(1500 * e2e.TIME_SCALE, function()
      return #scenario_clients(buf) > 0 or #vim.diagnostic.get(buf) > 0
    end, 20)
    local names = {}
    for _, c in ipairs(vim.lsp.get_clients({ bufnr = buf })) do
      table.insert(names, c.name)
    end
    return { filetype = vim.bo[buf].filetype, clients = names, diagnostics = diagnostics(buf) }
  end)
end

e2e.main(run)
