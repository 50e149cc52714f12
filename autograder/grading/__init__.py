"""Grading: what an assignment is (`assignment`) and the settings a run is given
(`settings`); the pipeline (`pipeline`) that runs the declared checks (`checks`, `run`),
carries an earlier part's error forward (`carry`), withholds unearned points, names the
misconceptions behind failures (`diagnosis`, `misconceptions`) and scores the parts (`score`)
into results kept as data (`results`, `stored`); the reference's answers kept between runs
(`disk_cache`)."""
