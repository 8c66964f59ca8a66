"""Load: settings, schema, dataset, pages, catalogs and assets as frozen records with their locations."""
