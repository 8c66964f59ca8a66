"""sitegen: build the bilingual briefing site on URU Alm.del Bilag 219."""
