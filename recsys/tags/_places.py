"""Place words in tags -> ISO 3166-1 alpha-2 country codes.

A compact vocabulary of demonyms, country names and the short forms tags use ("uk", "usa").
It is vocabulary, not a genre list: a tag that is only a place ("british", "sweden") becomes a
``place`` facet, and a genre tag that starts with one ("swedish death metal") keeps its genre
and records the place. Regions that are no country ("latin", "african", "scandinavian",
"celtic") are deliberately absent: they say nothing about one country.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = ["PLACES"]

# code: words that name it (demonyms first, then names and short forms)
# fmt: off
_BY_CODE: Final[dict[str, tuple[str, ...]]] = {
    "AL": ("albanian", "albania"),
    "AM": ("armenian", "armenia"),
    "AR": ("argentinian", "argentine", "argentinean", "argentina"),
    "AT": ("austrian", "austria", "österreich"),
    "AU": ("australian", "australia", "aussie"),
    "AZ": ("azerbaijani", "azerbaijan"),
    "BA": ("bosnian", "bosnia"),
    "BB": ("barbadian", "bajan", "barbados"),
    "BD": ("bangladeshi", "bangladesh"),
    "BE": ("belgian", "belgium"),
    "BG": ("bulgarian", "bulgaria"),
    "BR": ("brazilian", "brasileiro", "brasileira", "brazil", "brasil"),
    "BY": ("belarusian", "belarus"),
    "CA": ("canadian", "canada", "quebecois", "québécois", "quebec", "québec"),
    "CH": ("swiss", "switzerland", "schweiz"),
    "CL": ("chilean", "chile"),
    "CN": ("chinese", "china"),
    "CO": ("colombian", "colombia"),
    "CU": ("cuban", "cuba"),
    "CY": ("cypriot", "cyprus"),
    "CZ": ("czech", "czech republic", "czechia"),
    "DE": ("german", "deutsch", "deutsche", "germany", "deutschland"),
    "DK": ("danish", "denmark", "dansk"),
    "DO": ("dominican", "dominican republic"),
    "DZ": ("algerian", "algeria"),
    "EE": ("estonian", "estonia"),
    "EG": ("egyptian", "egypt"),
    "ES": ("spanish", "spain", "español", "espanol", "españa", "espana", "catalan"),
    "ET": ("ethiopian", "ethiopia"),
    "FI": ("finnish", "finland", "suomi", "suomalainen"),
    "FO": ("faroese", "faroe islands"),
    "FR": ("french", "france", "français", "francais", "française", "francaise"),
    "GB": ("british", "english", "scottish", "welsh", "uk", "united kingdom", "britain",
           "great britain", "england", "scotland", "wales", "northern irish"),
    "GE": ("georgian", "georgia"),
    "GH": ("ghanaian", "ghana"),
    "GR": ("greek", "greece"),
    "HK": ("hong kong",),
    "HR": ("croatian", "croatia", "hrvatska"),
    "HU": ("hungarian", "hungary", "magyar"),
    "ID": ("indonesian", "indonesia"),
    "IE": ("irish", "ireland", "éire"),
    "IL": ("israeli", "israel"),
    "IN": ("indian", "india"),
    "IR": ("iranian", "persian", "iran"),
    "IS": ("icelandic", "iceland"),
    "IT": ("italian", "italy", "italia", "italiano", "italiana"),
    "JM": ("jamaican", "jamaica"),
    "JP": ("japanese", "japan", "nihon"),
    "KE": ("kenyan", "kenya"),
    "KR": ("korean", "south korean", "korea", "south korea"),
    "KZ": ("kazakh", "kazakhstan"),
    "LB": ("lebanese", "lebanon"),
    "LK": ("sri lankan", "sri lanka"),
    "LT": ("lithuanian", "lithuania"),
    "LU": ("luxembourgish", "luxembourg"),
    "LV": ("latvian", "latvia"),
    "MA": ("moroccan", "morocco"),
    "MK": ("macedonian", "north macedonia", "macedonia"),
    "ML": ("malian", "mali"),
    "MN": ("mongolian", "mongolia"),
    "MT": ("maltese", "malta"),
    "MX": ("mexican", "mexico", "méxico", "mexicano", "mexicana"),
    "MY": ("malaysian", "malaysia"),
    "NG": ("nigerian", "nigeria"),
    "NL": ("dutch", "netherlands", "the netherlands", "holland", "nederland", "nederlands"),
    "NO": ("norwegian", "norway", "norsk", "norge"),
    "NP": ("nepali", "nepalese", "nepal"),
    "NZ": ("new zealand", "kiwi", "aotearoa"),
    "PE": ("peruvian", "peru"),
    "PH": ("filipino", "pinoy", "philippines"),
    "PK": ("pakistani", "pakistan"),
    "PL": ("polish", "poland", "polska"),
    "PR": ("puerto rican", "puerto rico"),
    "PT": ("portuguese", "portugal", "português", "portugues"),
    "RO": ("romanian", "romania"),
    "RS": ("serbian", "serbia"),
    "RU": ("russian", "russia", "russkiy"),
    "SA": ("saudi", "saudi arabia"),
    "SE": ("swedish", "sweden", "svenska", "svensk", "sverige"),
    "SG": ("singaporean", "singapore"),
    "SI": ("slovenian", "slovene", "slovenia"),
    "SK": ("slovak", "slovakia"),
    "SN": ("senegalese", "senegal"),
    "TH": ("thai", "thailand"),
    "TN": ("tunisian", "tunisia"),
    "TR": ("turkish", "turkey", "türkiye", "turkiye", "türk", "turk"),
    "TW": ("taiwanese", "taiwan"),
    "UA": ("ukrainian", "ukraine"),
    "US": ("american", "usa", "us", "u.s", "u.s.a", "united states", "america"),
    "UY": ("uruguayan", "uruguay"),
    "VE": ("venezuelan", "venezuela"),
    "VN": ("vietnamese", "vietnam"),
    "ZA": ("south african", "south africa"),
}
# fmt: on

PLACES: Final = MappingProxyType(
    {word: code for code, words in sorted(_BY_CODE.items()) for word in words}
)
"""Place word (lower case) -> ISO 3166-1 alpha-2 code."""
