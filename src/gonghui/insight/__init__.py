"""Key figures, dashboards and reports: reads every app, owns no business data."""
