"""sitegen: the generator of the bilingual briefing site (load -> validate -> compute -> render -> write)."""
