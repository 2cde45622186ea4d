"""The public portal: agencies, their published annual reports, and the report checker."""
