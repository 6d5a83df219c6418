"""The mocks users pick instead of ours, as the benchmark runs them: WireMock and Mockoon
serving the three Closient operations the bench drives, from stub definitions generated
here (`stubs`), each installed with npm into a git-ignored folder under bench/."""
