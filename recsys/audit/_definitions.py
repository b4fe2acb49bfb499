"""Every audit metric with its label, formula, source and a plain definition.

One list read by the pages (definitions one click away), the report (its definitions section)
and the JSON export; the formulas are those of the functions' docstrings.
"""

from __future__ import annotations

from dataclasses import dataclass

from recsys.evaluation import headline_metrics

__all__ = ["MetricDefinition", "definition", "definitions"]


@dataclass(frozen=True)
class MetricDefinition:
    """One audit metric.

    Attributes:
        key: the ``metric`` of figures.
        label: a short name for people.
        formula: the formula, in plain text.
        source: where it comes from.
        plain: one sentence an auditor can repeat.
    """

    key: str
    label: str
    formula: str
    source: str
    plain: str


_KOWALD = "Kowald, Schedl & Lex, ECIR 2020"
_ABDOLLAHPOURI = "Abdollahpouri, Burke & Mobasher, FLAIRS 2019"
_GE = "Ge, Delgado-Battenfeld & Jannach, RecSys 2010"
_SJ = "Singh & Joachims, KDD 2018 (exposure 1/log2(1+j))"

_OWN: tuple[MetricDefinition, ...] = (
    MetricDefinition(
        "arp",
        "Average recommendation popularity",
        "ARP = mean_u Σ_{i∈L_u} φ(i)/|L_u|, φ(i) = share of listeners who played i; "
        "reference: the same mean over listening profiles",
        _ABDOLLAHPOURI,
        "How popular recommended items are, against how popular what people play is.",
    ),
    MetricDefinition(
        "aplt",
        "Long-tail share (APLT)",
        "APLT = mean_u |L_u ∩ Γ|/|L_u|, Γ = items outside the head taking 80% of plays; "
        "reference: the long-tail share of listening profiles",
        "Abdollahpouri, Burke & Mobasher, RecSys 2017",
        "The share of recommended items from the long tail, against the share people play.",
    ),
    MetricDefinition(
        "aclt",
        "Long-tail items per list (ACLT)",
        "ACLT = mean_u |L_u ∩ Γ|; reference: profile long-tail share × |L_u|",
        _ABDOLLAHPOURI,
        "How many long-tail items a list holds.",
    ),
    MetricDefinition(
        "popularity_lift",
        "Popularity lift (ΔGAP)",
        "ΔGAP(g) = (GAP_r(g) − GAP_p(g)) / GAP_p(g), GAP = group mean of per-listener mean φ "
        "of the list (r) or of the profile (p); ratio = GAP_r/GAP_p",
        "Abdollahpouri et al., RMSE@RecSys 2019; " + _KOWALD,
        "How much more popular a group's lists are than what the group listens to.",
    ),
    MetricDefinition(
        "pop_rsp",
        "PopRSP",
        "std_g P(R|g) / mean_g P(R|g), P(R|g) = recommended items of popularity group g / "
        "items of g the listener had not played; g ∈ {short head, long tail}",
        "Zhu, Wang & Caverlee, WSDM 2021",
        "0 when head and tail items are recommended at the same rate.",
    ),
    MetricDefinition(
        "pop_reo",
        "PopREO",
        "std_g P(R|g,y=1) / mean_g P(R|g,y=1): recall of relevant head and tail items",
        "Zhu, Wang & Caverlee, WSDM 2021",
        "0 when relevant head and tail items are found equally often (needs test-window lists).",
    ),
    MetricDefinition(
        "coverage",
        "Catalogue coverage",
        "|∪_u L_u| / |I|",
        _GE,
        "The share of the catalogue that is recommended to anyone.",
    ),
    MetricDefinition(
        "gini",
        "Exposure Gini (whole catalogue)",
        "G = Σ_i (2i − n − 1) x_(i) / (n Σ x) over ALL n catalogue items, x = lists holding i",
        "Fleder & Hosanagar, Management Science 2009",
        "0 when every item is shown equally often; items never recommended count.",
    ),
    MetricDefinition(
        "entropy",
        "Exposure entropy (bits)",
        "H = −Σ_i p_i log2 p_i, p_i = share of list slots holding i; at most log2 |I|",
        "Adomavicius & Kwon, TKDE 2012",
        "How evenly list slots are spread over the catalogue.",
    ),
    MetricDefinition(
        "novelty",
        "Novelty (bits)",
        "mean_u Σ_{i∈L_u} −log2((n_i + 1)/(|U| + 1)) / |L_u|, n_i = listeners of i",
        "Zhou et al., PNAS 2010",
        "How unfamiliar recommended items are to the audience as a whole.",
    ),
    MetricDefinition(
        "ild",
        "Intra-list diversity (genres)",
        "mean_u mean_{i≠j∈L_u} (1 − cos(g_i, g_j)), g = sub-genre weight vector",
        "Smyth & McClave, ICCBR 2001; Ziegler et al., WWW 2005",
        "How different the genres within one list are.",
    ),
    MetricDefinition(
        "serendipity",
        "Serendipity",
        "mean_u |{i ∈ L_u : i ∈ T_u, i ∉ PM_u}| / |L_u|, PM = most popular unplayed items",
        _GE,
        "The share of a list that was played in the test window and that a most-popular "
        "list would not have shown (needs test-window lists).",
    ),
    MetricDefinition(
        "personalisation",
        "Personalisation",
        "1 − mean_{u≠v} |L_u ∩ L_v| / k",
        "Zhou et al., PNAS 2010",
        "1 when no two listeners share a recommended item, 0 when everyone gets the same list.",
    ),
    MetricDefinition(
        "off_taste",
        "Off-taste share",
        "mean_u |{i ∈ L_u : subgenres(i) ∩ subgenres(H_u) = ∅}| / |{i ∈ L_u : tagged}|",
        "Soundcheck; the set form of Steck, RecSys 2018",
        "The share of a list sharing no sub-genre with anything the listener played.",
    ),
    MetricDefinition(
        "miscalibration",
        "Miscalibration (KL)",
        "C_KL = Σ_g p(g|u) ln(p(g|u) / ((1−α) q(g|u) + α p(g|u))), p = history mix, "
        "q = list mix over parent genres, α = 0.01; lower is better",
        "Steck, RecSys 2018",
        "How far a list's genre mix is from the listener's history (0: the same mix).",
    ),
    MetricDefinition(
        "exposure_vs_catalogue",
        "Exposure vs catalogue share",
        "share_g = Σ_u Σ_{j: L_u[j] by g} 1/log2(1+j) / Σ_u Σ_j 1/log2(1+j); "
        "ratio = share_g / (group's share of catalogue items)",
        _SJ,
        "Whether a group of artists gets the exposure its share of the catalogue would give.",
    ),
    MetricDefinition(
        "exposure_vs_listening",
        "Exposure vs listening share",
        "ratio = exposure share_g / (group's share of plays in the history)",
        _SJ,
        "Whether the recommender amplifies what listening already does (1: it mirrors it).",
    ),
    MetricDefinition(
        "exposure_vs_oracle",
        "Exposure vs true preference",
        "ratio = exposure share_g / (share_g in the oracle's lists, ranked by true preference)",
        _SJ + "; synthetic data only",
        "Whether a group gets the exposure listeners' true taste would give it.",
    ),
)


_ACCURACY: dict[str, tuple[str, str]] = {
    "ndcg": (
        "DCG@k / IDCG@k, DCG@k = Σ_{i≤k} rel_i / log2(i + 1)",
        "Järvelin & Kekäläinen, TOIS 2002",
    ),
    "recall": ("|relevant ∩ top k| / |relevant|", "Manning, Raghavan & Schütze, IIR 2008, §8.3"),
    "map": ("Σ_{i≤k} P@i · rel_i / min(|relevant|, k)", "Manning, Raghavan & Schütze, IIR 2008"),
    "mrr": ("1 / position of the first relevant item", "Voorhees, TREC-8 QA report 1999"),
    "hit": ("1 if a relevant item is in the top k, else 0", "Deshpande & Karypis, TOIS 2004"),
}


def definitions() -> tuple[MetricDefinition, ...]:
    """Every audit metric: the accuracy metrics (by listener group) and the audit's own.

    Accuracy metrics are averaged over the listeners of a group; each listener's value is
    computed on the test window (relevant: played through at least once there).
    """
    accuracy = []
    for m in headline_metrics():
        formula, source = _ACCURACY.get(m.key.split("@")[0], (m.definition, "Soundcheck"))
        accuracy.append(MetricDefinition(m.key, m.label, formula, source, m.definition))
    return (*accuracy, *_OWN)
    return accuracy + _OWN


def definition(key: str) -> MetricDefinition:
    """The metric ``key``.

    Raises:
        KeyError: no such audit metric.
    """
    for d in definitions():
        if d.key == key:
            return d
    raise KeyError(f"no audit metric {key!r}")
