"""The shop under the debugger (tests/dap): its missions are in shop.missions."""
