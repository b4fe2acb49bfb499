"""Forty well-known artists, hand-labelled, with tag lists like Last.fm's top tags.

Each artist has the genre family a listener would name (a top-level genre of the tree; more than
one for crossover artists, and a family the tree lacks, "new age", where that is the honest
answer), the gender of the lead voice (None for instrumental acts and duos without one lead),
the country, and tags with Last.fm-style counts (the top tag is 100). The tag lists were written
from general knowledge of how these artists are tagged, with the noise real tags have: opinion
tags, the artist's own name, moods, eras, places, spelling variants.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Labelled:
    name: str
    families: tuple[str, ...]
    lead: str | None
    country: str
    tags: tuple[tuple[str, int], ...]


def _a(name: str, families: str, lead: str | None, country: str, tags: str) -> Labelled:
    pairs = []
    for item in tags.split(","):
        tag, _, count = item.strip().rpartition(" ")
        pairs.append((tag, int(count)))
    return Labelled(name, tuple(families.split("|")), lead, country, tuple(pairs))


# fmt: off
ARTISTS: tuple[Labelled, ...] = (
    _a("Adele", "r&b|pop", "female", "GB", "soul 100, pop 62, female vocalists 58, british 44, "
       "singer-songwriter 40, jazz 14, seen live 9, adele 6, love 5, 00s 4, beautiful 4, rnb 3"),
    _a("Amy Winehouse", "r&b|jazz", "female", "GB", "soul 100, jazz 72, female vocalists 60, "
       "british 38, rnb 26, pop 24, retro 8, seen live 7, amy winehouse 5, 00s 4"),
    _a("Radiohead", "rock", "male", "GB", "alternative 100, alternative rock 88, rock 72, "
       "indie 55, electronic 34, experimental 30, british 27, britpop 20, seen live 18, "
       "progressive rock 12, favorites 8, male vocalists 4"),
    _a("Coldplay", "rock", "male", "GB", "rock 100, alternative 78, britpop 70, indie 52, "
       "alternative rock 48, british 45, pop 30, seen live 20, male vocalists 6, love 4, "
       "coldplay 3"),
    _a("Björk", "electronic", "female", "IS", "electronic 100, alternative 66, "
       "female vocalists 64, experimental 60, icelandic 46, electronica 30, trip-hop 22, "
       "pop 18, avant-garde 12, seen live 8, genius 3"),
    _a("Madonna", "pop", "female", "US", "pop 100, dance 80, 80s 56, female vocalists 52, "
       "electronic 30, madonna 10, american 9, synthpop 8, seen live 4, queen of pop 3"),
    _a("Britney Spears", "pop", "female", "US", "pop 100, dance 58, female vocalists 48, "
       "britney spears 20, 00s 14, sexy 9, american 8, rnb 6, 90s 6"),
    _a("Lady Gaga", "pop", "female", "US", "pop 100, dance 84, electronic 40, "
       "female vocalists 38, electropop 28, synthpop 16, american 8, sexy 5, 00s 5"),
    _a("Metallica", "rock", "male", "US", "thrash metal 100, heavy metal 90, metal 82, "
       "hard rock 40, rock 35, seen live 16, speed metal 14, american 6, metallica 4"),
    _a("Iron Maiden", "rock", "male", "GB", "heavy metal 100, metal 70, nwobhm 30, "
       "hard rock 28, british 24, seen live 14, 80s 10, classic rock 8, speed metal 5"),
    _a("Eminem", "hip hop", "male", "US", "rap 100, hip-hop 96, hip hop 44, eminem 16, "
       "american 10, hardcore rap 8, detroit 5, seen live 3, rnb 2"),
    _a("Kanye West", "hip hop", "male", "US", "hip-hop 100, rap 78, hip hop 30, rnb 10, "
       "kanye west 8, american 5, soul 4"),
    _a("Beyoncé", "r&b|pop", "female", "US", "rnb 100, pop 72, female vocalists 60, soul 40, "
       "r&b 24, hip-hop 22, dance 20, sexy 8, american 6"),
    _a("Rihanna", "pop|r&b", "female", "BB", "pop 100, rnb 80, dance 44, female vocalists 42, "
       "hip-hop 12, reggae 8, barbadian 6, sexy 6"),
    _a("Daft Punk", "electronic", None, "FR", "electronic 100, house 80, french 54, dance 50, "
       "electro 38, french house 30, electronica 18, seen live 10, techno 10"),
    _a("The Chemical Brothers", "electronic", None, "GB", "electronic 100, big beat 74, "
       "electronica 46, dance 36, british 26, techno 18, breakbeat 16, seen live 12"),
    _a("Aphex Twin", "electronic", None, "GB", "idm 100, electronic 92, ambient 60, "
       "experimental 48, electronica 40, british 14, techno 12, braindance 8, acid 6"),
    _a("Miles Davis", "jazz", "male", "US", "jazz 100, trumpet 44, fusion 30, cool jazz 28, "
       "bebop 24, instrumental 22, jazz fusion 18, modal jazz 12, american 8, classic 6"),
    _a("Norah Jones", "jazz", "female", "US", "jazz 100, female vocalists 74, "
       "singer-songwriter 48, pop 30, chillout 20, mellow 16, acoustic 14, easy listening 12, "
       "piano 10, american 8"),
    _a("Johnny Cash", "country", "male", "US", "country 100, folk 40, rock 36, "
       "outlaw country 26, americana 24, classic rock 20, rockabilly 18, american 10, "
       "singer-songwriter 10, male vocalists 8"),
    _a("Dolly Parton", "country", "female", "US", "country 100, female vocalists 56, "
       "classic country 36, folk 20, bluegrass 14, americana 12, pop 10, 70s 8, american 6"),
    _a("Bob Marley", "reggae", "male", "JM", "reggae 100, roots reggae 46, jamaican 34, "
       "ska 20, classic 10, bob marley 8, rasta 8, 70s 8, male vocalists 4, seen live 2"),
    _a("Bob Dylan", "folk|singer-songwriter|rock", "male", "US", "folk 100, "
       "singer-songwriter 86, classic rock 70, rock 58, folk rock 40, 60s 36, blues 16, "
       "american 14, protest 8, male vocalists 6"),
    _a("B.B. King", "blues", "male", "US", "blues 100, blues rock 30, electric blues 30, "
       "guitar 24, soul 16, classic 12, chicago blues 10, jazz 10, american 6"),
    _a("Shakira", "pop|caribbean and latin american", "female", "CO", "pop 100, latin 86, "
       "female vocalists 54, latin pop 50, dance 30, colombian 26, spanish 24, rock 18, sexy 8"),
    _a("ABBA", "pop", "female", "SE", "pop 100, disco 72, 70s 64, swedish 50, "
       "female vocalists 22, dance 20, 80s 16, europop 14, classic 8"),
    _a("Nirvana", "rock", "male", "US", "grunge 100, rock 80, alternative 66, "
       "alternative rock 52, 90s 36, punk 26, classic rock 10, american 8, seattle 8, "
       "seen live 2"),
    _a("The Beatles", "rock", "male", "GB", "classic rock 100, rock 88, 60s 66, british 56, "
       "pop 50, psychedelic 22, oldies 20, britpop 16, beatles 10, the beatles 8"),
    _a("Taylor Swift", "country|pop", "female", "US", "country 100, pop 90, "
       "female vocalists 58, singer-songwriter 28, country pop 22, acoustic 14, american 6, "
       "love 6, taylor swift 6"),
    _a("Enya", "new age", "female", "IE", "new age 100, celtic 66, ambient 60, "
       "female vocalists 48, irish 36, relaxing 24, chillout 14, instrumental 10, enya 6"),
    _a("Celine Dion", "pop", "female", "CA", "pop 100, female vocalists 70, canadian 30, "
       "ballad 30, soundtrack 20, soft rock 20, love songs 14, 90s 12, french 10"),
    _a("Kylie Minogue", "pop", "female", "AU", "pop 100, dance 80, female vocalists 50, "
       "australian 40, disco 20, electropop 12, 80s 10, synthpop 10"),
    _a("Red Hot Chili Peppers", "rock", "male", "US", "rock 100, alternative rock 80, "
       "funk rock 56, alternative 52, funk 34, seen live 20, 90s 12, punk 10, american 10, "
       "funk metal 8"),
    _a("Arctic Monkeys", "rock", "male", "GB", "indie rock 100, indie 86, rock 64, british 56, "
       "alternative 36, seen live 30, garage rock 20, post-punk revival 16, britpop 12, uk 10"),
    _a("Sigur Rós", "rock", "male", "IS", "post-rock 100, ambient 60, icelandic 56, "
       "experimental 40, indie 30, atmospheric 18, dream pop 12, seen live 12, beautiful 10, "
       "alternative 8"),
    _a("Massive Attack", "electronic", None, "GB", "trip-hop 100, electronic 80, chillout 50, "
       "downtempo 40, british 30, alternative 20, ambient 18, seen live 12, bristol 8"),
    _a("Mariah Carey", "r&b|pop", "female", "US", "pop 100, rnb 80, female vocalists 66, "
       "soul 36, 90s 20, divas 18, american 8, love 6"),
    _a("Frank Sinatra", "jazz|easy listening", "male", "US", "jazz 100, swing 70, crooner 40, "
       "oldies 36, easy listening 30, vocal jazz 28, male vocalists 22, classic 18, 50s 16, "
       "american 10"),
    _a("Dr. Dre", "hip hop", "male", "US", "hip-hop 100, rap 90, west coast 40, "
       "gangsta rap 34, g-funk 30, hip hop 20, west coast rap 10, american 6"),
    _a("Fleetwood Mac", "rock", "female", "GB", "classic rock 100, rock 80, 70s 60, "
       "soft rock 40, pop 30, female vocalists 34, singer-songwriter 10, british 10, "
       "american 8, seen live 6"),
)
# fmt: on


def write_hetrec(root: Path, artists: tuple[Labelled, ...] = ARTISTS) -> Path:
    """A hetrec2011-lastfm-2k folder in which each tag of count c is applied by c users."""
    folder = root / "hetrec-labelled"
    folder.mkdir(parents=True, exist_ok=True)
    tag_ids: dict[str, int] = {}
    tagged = ["userID\tartistID\ttagID\tday\tmonth\tyear"]
    for artist_id, artist in enumerate(artists, 1):
        for tag, count in artist.tags:
            tag_id = tag_ids.setdefault(tag, len(tag_ids) + 1)
            tagged += [f"{user}\t{artist_id}\t{tag_id}\t1\t1\t2010" for user in range(1, count + 1)]
    (folder / "artists.dat").write_text(
        "id\tname\turl\tpictureURL\n"
        + "".join(f"{i}\t{a.name}\t\t\n" for i, a in enumerate(artists, 1)),
        encoding="utf-8",
    )
    (folder / "tags.dat").write_text(
        "tagID\ttagValue\n" + "".join(f"{i}\t{t}\n" for t, i in tag_ids.items()),
        encoding="utf-8",
    )
    (folder / "user_artists.dat").write_text(
        "userID\tartistID\tweight\n" + "".join(f"1\t{i}\t10\n" for i in range(1, len(artists) + 1))
    )
    (folder / "user_taggedartists.dat").write_text("\n".join(tagged) + "\n")
    return folder
