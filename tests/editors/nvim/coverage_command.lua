-- :ScenarioCoverage runs every scenario file of the workspace with coverage;
-- afterwards the steps no call reached are faded, as the missions no scenario
-- calls are, until a file changes.
vim.api.nvim_create_user_command('ScenarioCoverage', function()
  local client = vim.lsp.get_clients({ name = 'scenario' })[1]
  if not client then
    return vim.notify('the scenario server is not running', vim.log.levels.WARN)
  end
  client:request('workspace/executeCommand', { command = 'scenario.runCoverage', arguments = {} }, function(err, report)
    if err then
      return vim.notify(err.message, vim.log.levels.ERROR)
    end
    local ran, lines = 0, 0
    for _, file in ipairs(report.files) do
      for _, line in ipairs(file.lines) do
        lines = lines + 1
        if line.count > 0 then
          ran = ran + 1
        end
      end
    end
    vim.notify(('coverage: %d of %d steps and statements ran'):format(ran, lines))
  end)
end, {})
