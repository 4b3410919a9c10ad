"""Demo survey waves, weighted respondents and their answers."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from data_access import schema
from data_access.demo.frame import (
    DEMO,
    Columns,
    Frame,
    Reference,
    weighted_choice,
)
from data_access.demo.hromadas import Place

# Age and gender shares of the population and of the (older, more female) sample; weights correct it
POP_AGE = {"18-29": 0.17, "30-44": 0.29, "45-59": 0.26, "60+": 0.28}
SAMPLE_AGE = {"18-29": 0.11, "30-44": 0.25, "45-59": 0.28, "60+": 0.36}
POP_FEMALE, SAMPLE_FEMALE = 0.54, 0.61


def _age_shares(shares: dict[str, float], ages: list[str]) -> np.ndarray:
    """Shares of the age groups (an even share for a group the table lacks), summing to 1."""
    out = np.array([shares.get(a, 1 / len(ages)) for a in ages])
    return out / out.sum()


def _gender_shares(female: float, genders: list[str]) -> np.ndarray:
    """Shares of the genders: ``female`` for women, the rest for men, 0 for any other key."""
    return np.array([female if g == "female" else (1 - female) if g == "male" else 0 for g in genders])


def _question_mean(code: str, theme: str, inst: str | None, k: int, n_waves: int) -> tuple[float, float]:
    """(mean position on 0..1 or share for yes/no, don't-know share) of a question in wave k."""
    t = k / max(1, n_waves - 1)
    if theme == "awareness":
        if code == "aware_programme":
            return 0.15 + 0.30 * t, 0.04
        return 0.30 + 0.12 * t, 0.06
    if code == "victim_12m":
        return 0.12, 0.05
    if code == "reported_last":
        return 0.55 + 0.08 * t, 0.08
    if theme == "safety":
        return {"safe_day": 0.70, "safe_dark": 0.45, "safe_home_night": 0.62}.get(code, 0.55) + 0.05 * t, 0.05
    if theme == "trust":
        base = {"police": 0.50, "community_police_officer": 0.52, "prosecutor_office": 0.40, "court": 0.33,
                "local_government": 0.50}.get(inst or "", 0.45)
        rise = {"police": 0.10, "community_police_officer": 0.12, "prosecutor_office": 0.06, "court": 0.01}.get(inst or "", 0.03)
        dk = {"court": 0.10, "prosecutor_office": 0.09, "community_police_officer": 0.09}.get(inst or "", 0.07)
        return base + rise * t, dk
    if theme == "reporting":
        return 0.60 + 0.05 * t, 0.07
    return 0.5, 0.07


def add_survey(out, rng: np.random.Generator, place: Place, ref: Reference, frame: Frame, batch_id: int,
               weeks: int) -> dict[str, int]:
    """Insert a survey wave every 26 weeks with its respondents and answers; returns rows per table."""
    st = place.settlements
    pop = st["population"].to_numpy(float)
    n_waves = max(1, weeks // 26)
    period = len(frame.days)
    q = ref.questions
    # the question table's columns by row label, read once (a .loc per question and wave cost ~0.1 s a hromada)
    questions = {c: dict(zip(q.index, q[c], strict=True))
                 for c in ("id", "code", "theme", "institution", "scale_min", "scale_max", "positive_min")}
    counts = {"survey_wave": 0, "survey_response": 0, "survey_answer": 0}
    ages = ref.age_groups
    genders = ref.genders
    pa, sa = _age_shares(POP_AGE, ages), _age_shares(SAMPLE_AGE, ages)
    if set(genders) >= {"female", "male"}:
        pg, sg = _gender_shares(POP_FEMALE, genders), _gender_shares(SAMPLE_FEMALE, genders)
    else:
        pg = sg = np.full(len(genders), 1 / len(genders))
    for k in range(n_waves):
        s_day = int(round((k + 0.3) * period / n_waves))
        start = frame.start + timedelta(days=s_day)
        end = min(start + timedelta(days=13), frame.today - timedelta(days=1))
        half = 1 if start.month <= 6 else 2
        wave_row = {"source": DEMO, "external_id": f"demo-{place.number}-w{k + 1}", "import_batch_id": batch_id,
                    "hromada_id": place.hromada_id, "code": f"DEMO-{start.year}-H{half}",
                    "name_uk": f"Опитування мешканців (демо), хвиля {k + 1}, {start:%m.%Y}",
                    "name_en": f"Residents' survey (demo), wave {k + 1}, {start:%m.%Y}",
                    "start_date": start, "end_date": end, "method": "телефонне опитування (CATI), демо"}
        wave_id = int(out.insert_returning_ids(schema.survey_wave, [wave_row])[0])
        counts["survey_wave"] += 1
        if place.number == 1:
            n = int(rng.integers(420, 681))
        else:
            n = int(np.clip(150 + 6 * place.population / 1000, 150, 700) * rng.uniform(0.9, 1.1))
        settle = weighted_choice(rng, pop, n)
        age_i = rng.choice(len(ages), size=n, p=sa)
        gen_i = rng.choice(len(genders), size=n, p=sg)
        w = (pa[age_i] / sa[age_i]) * (pg[gen_i] / sg[gen_i]) * rng.lognormal(0, 0.15, n)
        w = np.clip(w / w.mean(), 0.4, 2.5)
        w = np.round(w / w.mean(), 4)
        resp_rows = Columns({
            "source": DEMO, "external_id": [f"demo-{place.number}-w{k + 1}-{j:05d}" for j in range(n)],
            "import_batch_id": batch_id, "wave_id": wave_id, "settlement_id": st["id"].to_numpy()[settle],
            "age_group": np.array(ages, dtype=object)[age_i].tolist(),
            "gender": np.array(genders, dtype=object)[gen_i].tolist(), "weight": w,
        }, n)
        resp_ids = out.insert_returning_ids(schema.survey_response, resp_rows)
        counts["survey_response"] += n
        person = rng.normal(0, 0.10, n)
        older = np.array([a == "60+" for a in ages])[age_i]
        female = np.array([g == "female" for g in genders])[gen_i]
        lit = place.lighting_settlement is not None and settle == place.lighting_settlement
        after_light = start >= frame.lighting_date
        victim = None
        answer_cols: dict[str, list] = {"response_id": [], "question_id": [], "value": [], "dont_know": []}
        for qi in range(len(q)):
            code, theme, inst = questions["code"][qi], questions["theme"][qi], questions["institution"][qi]
            lo, hi = int(questions["scale_min"][qi]), int(questions["scale_max"][qi])
            pos_min = int(questions["positive_min"][qi])
            m, dk_p = _question_mean(code, theme, inst, k, n_waves)
            mask = np.ones(n, dtype=bool)
            if code == "reported_last" and victim is not None:
                mask = victim.copy()
            if hi - lo == 1:
                val = np.where(rng.random(n) < np.clip(m + 0.5 * person, 0.01, 0.99), pos_min, hi + lo - pos_min)
            else:
                mu = np.full(n, m) + person
                if theme == "safety":
                    mu -= 0.06 * female + 0.05 * older
                    if code == "safe_dark" and np.any(lit):
                        mu = np.where(lit, mu + (0.10 if after_light else -0.10), mu)
                latent = np.clip(mu + rng.normal(0, 0.22, n), 0, 1)
                val = lo + np.floor(latent * (hi - lo + 1) - 1e-9).astype(int)
                val = np.clip(val, lo, hi)
            dk = rng.random(n) < dk_p * (1 + 0.4 * older)
            if code == "victim_12m":
                victim = (~dk) & (val == pos_min)
            idx = np.flatnonzero(mask)
            answer_cols["response_id"].append(resp_ids[idx])
            answer_cols["question_id"].append(np.full(len(idx), int(questions["id"][qi])))
            answer_cols["value"].append(val[idx])
            answer_cols["dont_know"].append(dk[idx])
        answers = {c: np.concatenate(parts) for c, parts in answer_cols.items()}
        counts["survey_answer"] += out.insert_numbers(schema.survey_answer, answers,
                                                         null_where={"value": answers["dont_know"]})
    return counts
