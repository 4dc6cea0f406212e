// Entry point: all logic lives in the SiteSimulator library and GenLogsCommand.
GenLogsCommand.main()
