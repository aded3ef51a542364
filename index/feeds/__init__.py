"""RSS and Atom feeds: the list watched (``store``), reading one (``parse``), polling one
(``poll``) and polling them all on a schedule (``watch``). Entry pages are fetched and ingested
through the engine, exactly like ``newsbot ingest URL``."""
