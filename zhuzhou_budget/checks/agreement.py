"""Whether each performance project list's stated count and totals agree with its listed
projects: the verdict columns of `performance/project_lists.csv` (schema fields marked
`verdict`), made here so that extraction states figures and only the checks judge them."""

from __future__ import annotations

import pandas as pd

from ..metadata.fields import columns
from ..rounding import stated_sum

_MEASURES = (("count", "count"), ("budget_initial", "budget"), ("actual", "actual"),
             ("adjustment", "adjustment"))


def project_list_agreement(project_lists: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """`project_lists` with count_matches, budget_matches, actual_matches, adjustment_matches:
    True/False where both sides are stated, None where one is missing. Sums agree within the
    rounding policy (half a unit of the stated figure's last digit plus each project's)."""
    out = project_lists.copy()
    verdicts: dict[str, list[bool | None]] = {f"{key}_matches": [] for _, key in _MEASURES}
    for lst in project_lists.itertuples():
        items = projects[projects["list"] == lst.list]
        for measure, key in _MEASURES:
            stated, listed = getattr(lst, f"stated_{measure}"), getattr(lst, f"listed_{measure}")
            if stated is None or listed is None:
                verdicts[f"{key}_matches"].append(None)
            elif measure == "count":
                verdicts[f"{key}_matches"].append(bool(stated == listed))
            else:
                # The comparison P2 reports (checks/performance.py): one verdict, one policy.
                *_, level = stated_sum(stated, [v for v in items[measure] if v is not None])
                verdicts[f"{key}_matches"].append(level in (None, "rounding"))
    for name, values in verdicts.items():
        out[name] = pd.Series(values, index=out.index, dtype=object)
    return out[columns("performance_project_lists")]
