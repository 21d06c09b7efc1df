-- The Trace lens on a mission call (scenario.showTrace): what each step of
-- the call did, in a scratch buffer below, its changes as `scenario trace`
-- prints them (a key added `+ value`, one removed `- value`). Each step line
-- ends with the place it is defined (path:line): `gF` there opens that line.
vim.lsp.commands['scenario.showTrace'] = function(command, ctx)
  local client = assert(vim.lsp.get_client_by_id(ctx.client_id))
  client:request('scenario/trace', command.arguments[1], function(err, trace)
    if err or not trace then
      vim.notify('scenario/trace: ' .. (err and err.message or 'no such scenario'), vim.log.levels.WARN)
      return
    end
    local function place(at)
      return at and ('  %s:%d'):format(vim.fn.fnamemodify(at.path or trace.path or '', ':.'), at.line) or ''
    end
    local function change_text(change)
      -- Neovim reads a JSON null as nil: a change from or to null shows as a key added or removed.
      if change.before == nil then
        return ('%s: + %s'):format(change.path, vim.json.encode(change.after))
      elseif change.after == nil then
        return ('%s: - %s'):format(change.path, vim.json.encode(change.before))
      end
      return ('%s: %s → %s'):format(change.path, vim.json.encode(change.before), vim.json.encode(change.after))
    end
    local lines = { ("Trace of scenario '%s'"):format(trace.scenario) }
    for _, call in ipairs(trace.calls) do
      local outcome = call.error or (call.success and 'succeeded' or 'failed')
      table.insert(lines, ('call %d · %s · %s%s'):format(call.index + 1, call.mission, outcome, place({ line = call.line })))
      for _, step in ipairs(call.steps) do
        table.insert(lines, ('  %s · %s · %s%s'):format(step.id, step.operation or step.kind, step.status, place(step.defined_at)))
        for _, change in ipairs(step.changes) do
          table.insert(lines, '      ' .. change_text(change))
        end
      end
    end
    vim.cmd('botright new')
    vim.bo.buftype, vim.bo.bufhidden, vim.bo.swapfile = 'nofile', 'wipe', false
    vim.api.nvim_buf_set_lines(0, 0, -1, false, lines)
    vim.bo.modifiable = false
  end, ctx.bufnr)
end
