"""Published annual reports (已公开的年度报告) of each agency, kept with their original files."""
