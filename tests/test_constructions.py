"""The coder understands German constructions, not phrases: sentences written by the developers
for each kind of wording that issue 17 found missed on unseen reports (none of them is taken from a
reference set or a stored page). Each sentence is coded alone, as ``code_text`` does, and must
give exactly the (actor, category) pairs listed: no more, no fewer."""

from __future__ import annotations

import pandas as pd
import pytest

from korea_notes.corpus import load_articles
from korea_notes.positions import code_positions, code_text, prepare_sentences

Cases = list[tuple[str, set[tuple[str | None, str]]]]

# Demands for security worded without the codebook's nouns.
SECURITY_DEMANDS: Cases = [
    ('Nordkorea fordert ein Ende der Bedrohung durch die USA.',
     {('DPRK', 'SECURITY_GUARANTEE_DEMAND')}),
    ('Pjöngjang besteht darauf, dass die US-Truppen aus Südkorea abgezogen werden.',
     {('DPRK', 'SECURITY_GUARANTEE_DEMAND')}),
    ('Die Führung in Pjöngjang verlangte Garantien für das Überleben des Regimes.',
     {('DPRK', 'SECURITY_GUARANTEE_DEMAND')}),
    ('Nordkorea verlangt, dass Washington seine feindselige Politik aufgibt.',
     {('DPRK', 'SECURITY_GUARANTEE_DEMAND')}),
    ('Kim forderte die USA auf, die gemeinsamen Militärübungen mit Südkorea dauerhaft '
     'einzustellen.',
     {('DPRK', 'SECURITY_GUARANTEE_DEMAND')}),
]

# Refusals carried by quantifiers ("keinerlei"), modal verbs, "nicht mehr", "ausgeschlossen".
REFUSALS: Cases = [
    ('Gespräche mit Washington seien ausgeschlossen, erklärte das Außenministerium in '
     'Pjöngjang.',
     {('DPRK', 'REJECT_TALKS')}),
    ('Es werde keinerlei Verhandlungen mit den USA geben, sagte Kim Yo Jong.',
     {('DPRK', 'REJECT_TALKS')}),
    ('Pjöngjang werde nicht mehr mit den USA verhandeln, hieß es in der Erklärung.',
     {('DPRK', 'REJECT_TALKS')}),
    ('Ein Treffen mit Trump komme nicht in Frage, sagte Kim Yo Jong.',
     {('DPRK', 'REJECT_TALKS')}),
    ('Nordkorea sei an keinerlei Gesprächen mit Washington interessiert.',
     {('DPRK', 'REJECT_TALKS')}),
    ('Man wolle keine Gespräche mehr mit den Amerikanern führen, sagte Choe Son Hui.',
     {('DPRK', 'REJECT_TALKS')}),
    ('Nordkorea hat jeden Dialog mit Südkorea abgelehnt.',
     {('DPRK', 'REJECT_TALKS')}),
]

# Readiness to talk worded without "Gespräch" or "Verhandlung".
READINESS: Cases = [
    ('Biden sei bereit, Kim Jong Un zu treffen, sagte ein Sprecher des Weißen Hauses.',
     {('USA', 'OFFER_TALKS')}),
    ('Die Tür zur Diplomatie bleibe offen, sagte Blinken.',
     {('USA', 'OFFER_TALKS')}),
    ('Die USA seien bereit, sich mit Nordkorea an einen Tisch zu setzen.',
     {('USA', 'OFFER_TALKS')}),
    ('Seoul reicht Pjöngjang die Hand und bietet einen Neuanfang der Beziehungen an.',
     {('ROK', 'OFFER_TALKS')}),
    ('Kim sagte, er würde Trump gerne wiedersehen.',
     {('DPRK', 'OFFER_TALKS')}),
]

# Demands in modal verbs ("müsse", "solle"): the speaker demands, the subject is to act.
MODAL_DEMANDS: Cases = [
    ('Nordkorea müsse sein Atomprogramm vollständig aufgeben, sagte Blinken.',
     {('USA', 'DEMAND_DENUCLEARIZATION')}),
    ('Die Sanktionen müssten gelockert werden, forderte Moskau.',
     {('RUS', 'DEMAND_SANCTIONS_RELIEF')}),
    ('Washington solle seine Truppen aus Südkorea abziehen, sagte Kim.',
     {('DPRK', 'SECURITY_GUARANTEE_DEMAND')}),
    ('Pjöngjang solle an den Verhandlungstisch zurückkehren, sagte der chinesische '
     'Außenminister.',
     {('CHN', 'OFFER_TALKS')}),
]

# Demands in nominal style ("die Forderung nach ...").
NOMINAL_DEMANDS: Cases = [
    ('Die USA bekräftigten ihre Forderung nach einer vollständigen Denuklearisierung '
     'Nordkoreas.',
     {('USA', 'DEMAND_DENUCLEARIZATION')}),
    ('Pjöngjangs Forderung nach einem Ende der Manöver wies Seoul zurück.',
     {('DPRK', 'SECURITY_GUARANTEE_DEMAND')}),
    ('Die Forderung nach einer Lockerung der Sanktionen bekräftigte Kim am Montag.',
     {('DPRK', 'DEMAND_SANCTIONS_RELIEF')}),
]

# A reporter's attribution ("Pjöngjang pocht auf ...", "setzt auf Dialog").
REPORTERS_WORDS: Cases = [
    ('Pjöngjang pocht auf eine Aufhebung der Sanktionen.',
     {('DPRK', 'DEMAND_SANCTIONS_RELIEF')}),
    ('Nordkorea beharrt auf seinem Status als Atommacht.',
     {('DPRK', 'REFUSE_DENUCLEARIZATION')}),
    ('Washington setzt weiter auf maximalen Druck gegen Pjöngjang.',
     {('USA', 'MAINTAIN_SANCTIONS')}),
    ('Seoul setzt auf Dialog mit dem Norden.',
     {('ROK', 'OFFER_TALKS')}),
]

# South Korea, China, Russia, Japan and the UN as full claimants.
THIRD_PARTIES: Cases = [
    ('China rief beide Seiten zur Wiederaufnahme der Verhandlungen auf.',
     {('CHN', 'OFFER_TALKS')}),
    ('Südkoreas Präsident forderte Pjöngjang auf, sein Atomprogramm aufzugeben.',
     {('ROK', 'DEMAND_DENUCLEARIZATION')}),
    ('Japan will die Sanktionen gegen Nordkorea verschärfen.',
     {('JPN', 'MAINTAIN_SANCTIONS')}),
    ('Russland und China fordern eine Lockerung der Sanktionen.',
     {('CHN', 'DEMAND_SANCTIONS_RELIEF'), ('RUS', 'DEMAND_SANCTIONS_RELIEF')}),
]

# Conditions, purposes and exchanges ("nur dann, wenn", "damit", "im Gegenzug für").
CONDITIONS_PURPOSES_EXCHANGES: Cases = [
    ('Nur dann sei man zu Gesprächen bereit, wenn die USA ihre Manöver beendeten, sagte Kim.',
     {('DPRK', 'OFFER_TALKS'), ('DPRK', 'PRECONDITION'), ('DPRK', 'SECURITY_GUARANTEE_DEMAND')}),
    ('Im Gegenzug für eine Lockerung der Sanktionen bot Kim an, die Atomanlage in Yongbyon '
     'zu schließen.',
     {('DPRK', 'DEMAND_SANCTIONS_RELIEF'), ('DPRK', 'FLEXIBILITY')}),
    ('Die USA wollen den Druck erhöhen, damit Nordkorea an den Verhandlungstisch '
     'zurückkehrt.',
     {('USA', 'MAINTAIN_SANCTIONS'), ('USA', 'OFFER_TALKS')}),
]

# Threats in their several forms.
THREATS: Cases = [
    ('Nordkorea warnte die USA vor einer gnadenlosen Antwort.',
     {('DPRK', 'THREAT')}),
    ('Kim drohte, die Vereinigten Staaten in ein Flammenmeer zu verwandeln.',
     {('DPRK', 'THREAT')}),
    ('Trump kündigte an, Nordkorea werde mit Feuer und Wut konfrontiert, sollte es die USA '
     'weiter bedrohen.',
     {('USA', 'THREAT')}),
]

# Sentences that state no position: the coder stays silent.
NO_POSITION: Cases = [
    ('Nordkorea feuerte am Morgen zwei ballistische Raketen ins Japanische Meer.',
     set()),
    ('Die Gespräche in Stockholm dauerten acht Stunden.',
     set()),
    ('Experten halten eine baldige Rückkehr an den Verhandlungstisch für unwahrscheinlich.',
     set()),
    ('Die Sanktionen treffen vor allem die Bevölkerung.',
     set()),
    ('Südkorea und die USA begannen am Montag ihr jährliches Manöver.',
     set()),
    ('Der Gipfel in Hanoi war ohne Einigung zu Ende gegangen.',
     set()),
    ('Ob es zu einem Treffen kommt, ist unklar.',
     set()),
    ('Die Verhandlungen waren im Februar in Hanoi gescheitert.',
     set()),
    ('Beobachter rechnen nicht mit einer baldigen Einigung.',
     set()),
    ('Nordkorea hat in diesem Jahr bereits mehrere Raketen getestet.',
     set()),
    ('Der UN-Sicherheitsrat kommt am Freitag zu einer Dringlichkeitssitzung zusammen.',
     set()),
    ('Die Wirtschaft Nordkoreas leidet unter den Sanktionen.',
     set()),
    ('Seit dem Scheitern des Gipfels herrscht Funkstille zwischen beiden Ländern.',
     set()),
    ('Wie es mit den Gesprächen weitergeht, ist offen.',
     set()),
    ('Kim Jong Un besuchte eine Fabrik in der Provinz Süd-Hamgyong.',
     set()),
    ('Die beiden Delegationen trafen sich in einem Hotel in Stockholm.',
     set()),
    ('Der Sondergesandte reist am Montag nach Seoul.',
     set()),
    ('Südkorea meldete den Start einer Kurzstreckenrakete.',
     set()),
    ('Analysten zufolge will Pjöngjang mit dem Test seine Verhandlungsposition stärken.',
     set()),
]

# Positions in the varied wording of news reports.
VARIED_WORDING: Cases = [
    ('Die nordkoreanische Führung zeigte sich offen für einen Dialog mit Washington.',
     {('DPRK', 'OFFER_TALKS')}),
    ('Pjöngjang signalisierte Gesprächsbereitschaft.',
     {('DPRK', 'OFFER_TALKS')}),
    ('Trump lud Kim zu einem Treffen an der innerkoreanischen Grenze ein.',
     {('USA', 'OFFER_TALKS')}),
    ('Moon warb für eine Fortsetzung des Dialogs.',
     {('ROK', 'OFFER_TALKS')}),
    ('Die USA halten an ihrer Forderung nach einer vollständigen, überprüfbaren und '
     'unumkehrbaren Denuklearisierung fest.',
     {('USA', 'DEMAND_DENUCLEARIZATION')}),
    ('Kim erklärte, sein Land werde niemals auf Atomwaffen verzichten.',
     {('DPRK', 'REFUSE_DENUCLEARIZATION')}),
    ('Der Status als Atommacht sei unumkehrbar, sagte Kim.',
     {('DPRK', 'REFUSE_DENUCLEARIZATION')}),
    ('Pjöngjang werde sein Atomwaffenarsenal weiter ausbauen, kündigte Kim an.',
     {('DPRK', 'REFUSE_DENUCLEARIZATION')}),
    ('Washington verhängte neue Sanktionen gegen nordkoreanische Banken.',
     {('USA', 'MAINTAIN_SANCTIONS')}),
    ('Die Sanktionen bleiben in Kraft, bis Nordkorea abrüstet, sagte Pompeo.',
     {('USA', 'DEMAND_DENUCLEARIZATION'), ('USA', 'MAINTAIN_SANCTIONS')}),
    ('China und Russland plädierten im Sicherheitsrat für eine Lockerung der Strafmaßnahmen.',
     {('CHN', 'DEMAND_SANCTIONS_RELIEF'), ('RUS', 'DEMAND_SANCTIONS_RELIEF')}),
    ('Nordkorea verlangte die Aufhebung der Sanktionen als Gegenleistung für die Schließung '
     'von Yongbyon.',
     {('DPRK', 'DEMAND_SANCTIONS_RELIEF'), ('DPRK', 'FLEXIBILITY')}),
    ('Kim Yo Jong drohte mit einer „schrecklichen“ Vergeltung.',
     {('DPRK', 'THREAT')}),
    ('Die USA würden Nordkorea total zerstören, falls sie sich verteidigen müssten, sagte '
     'Trump.',
     {('USA', 'THREAT')}),
    ('Kim lobte seine „ausgezeichnete Beziehung“ zu Trump.',
     {('DPRK', 'PRAISE_RELATIONSHIP')}),
    ('Nordkorea fordert ein Ende der gemeinsamen Manöver Südkoreas und der USA.',
     {('DPRK', 'SECURITY_GUARANTEE_DEMAND')}),
    ('Pjöngjang will einen Friedensvertrag, der den Koreakrieg offiziell beendet.',
     {('DPRK', 'SECURITY_GUARANTEE_DEMAND')}),
    ('Die USA boten Sicherheitsgarantien an, sollte Nordkorea abrüsten.',
     {('USA', 'DEMAND_DENUCLEARIZATION'), ('USA', 'FLEXIBILITY'), ('USA', 'PRECONDITION')}),
    ('Washington sei zu einem schrittweisen Vorgehen bereit, sagte Biegun.',
     {('USA', 'FLEXIBILITY')}),
    ('Gespräche werde es erst geben, wenn die USA ihre feindselige Politik aufgeben, sagte '
     'Kim.',
     {('DPRK', 'PRECONDITION'), ('DPRK', 'SECURITY_GUARANTEE_DEMAND')}),
    ('Die USA seien jederzeit und ohne Vorbedingungen zu Gesprächen bereit, sagte Sung Kim.',
     {('USA', 'NO_PRECONDITIONS'), ('USA', 'OFFER_TALKS')}),
    ('Nordkorea wies das Gesprächsangebot aus Washington zurück.',
     {('DPRK', 'REJECT_TALKS'), ('USA', 'OFFER_TALKS')}),
    ('Das Angebot der USA zu Gesprächen sei eine „billige Show“, sagte Kim Yo Jong.',
     {('DPRK', 'REJECT_TALKS'), ('USA', 'OFFER_TALKS')}),
    ('Pjöngjang hat kein Interesse an einem weiteren Gipfel.',
     {('DPRK', 'REJECT_TALKS')}),
    ('Das Regime in Pjöngjang zeigt sich nach Angaben aus Seoul bereit, über ein Einfrieren '
     'seines Atomprogramms zu reden.',
     {('DPRK', 'FLEXIBILITY'), ('DPRK', 'OFFER_TALKS')}),
    ('Washington hat Pjöngjang erneut zu Gesprächen aufgerufen.',
     {('USA', 'OFFER_TALKS')}),
    ('Die US-Regierung stellte klar, dass sie an den Sanktionen festhalten werde, bis '
     'Nordkorea konkrete Schritte zur Abrüstung unternehme.',
     {('USA', 'DEMAND_DENUCLEARIZATION'), ('USA', 'MAINTAIN_SANCTIONS')}),
    ('Nordkorea wirft den USA vor, mit ihren Manövern einen Angriff vorzubereiten.',
     set()),
    ('Für Kim ist das Atomprogramm eine Garantie für das Überleben seines Regimes.',
     {('DPRK', 'REFUSE_DENUCLEARIZATION')}),
    ('Ohne eine Aufhebung der Sanktionen werde es keine weiteren Gespräche geben, hieß es '
     'aus Pjöngjang.',
     {('DPRK', 'DEMAND_SANCTIONS_RELIEF'), ('DPRK', 'PRECONDITION')}),
    ('Der südkoreanische Präsident sprach sich für ein baldiges Gipfeltreffen zwischen Trump'
     ' und Kim aus.',
     {('ROK', 'OFFER_TALKS')}),
    ('Peking forderte alle Seiten zur Zurückhaltung auf.',
     set()),
    ('Die Europäische Union verurteilte den Raketentest scharf.',
     set()),
    ('Tokio kündigte eigene Sanktionen gegen nordkoreanische Schiffe an.',
     {('JPN', 'MAINTAIN_SANCTIONS')}),
    ('Russland hat im Sicherheitsrat sein Veto gegen eine Verlängerung des Expertengremiums '
     'eingelegt.',
     set()),
    ('Die Gespräche seien „produktiv“ gewesen, sagte Außenminister Pompeo nach seinem Besuch'
     ' in Pjöngjang.',
     {('USA', 'PRAISE_RELATIONSHIP')}),
    ('Kim nannte das Treffen mit Trump „historisch“ und lobte dessen „Entschlossenheit“.',
     {('DPRK', 'PRAISE_RELATIONSHIP')}),
    ('Nordkorea kündigte an, seine nukleare Abschreckung „exponentiell“ zu verstärken.',
     {('DPRK', 'REFUSE_DENUCLEARIZATION')}),
    ('Die Denuklearisierung sei für Nordkorea kein Thema mehr, sagte Kim Yo Jong.',
     {('DPRK', 'REFUSE_DENUCLEARIZATION')}),
    ('Seoul bot Pjöngjang humanitäre Hilfe an, um die Beziehungen zu verbessern.',
     {('ROK', 'FLEXIBILITY')}),
    ('Die USA haben ihre gemeinsamen Manöver mit Südkorea ausgesetzt, um die Gespräche nicht'
     ' zu gefährden.',
     {('USA', 'FLEXIBILITY')}),
    ('Ein Sprecher des Außenministeriums in Peking sagte, China unterstütze den Dialog '
     'zwischen den USA und Nordkorea.',
     {('CHN', 'OFFER_TALKS')}),
    ('Nordkorea hatte Gespräche über sein Atomprogramm stets abgelehnt.',
     {('DPRK', 'REJECT_TALKS')}),
    ('Trump sagte das geplante Gipfeltreffen in Singapur ab.',
     {('USA', 'REJECT_TALKS')}),
    ('Kim Jong Un will nach Angaben Südkoreas seinen Atomwaffenstatus nicht aufgeben.',
     {('DPRK', 'REFUSE_DENUCLEARIZATION')}),
    ('Die Atomgespräche zwischen beiden Ländern stecken seit Monaten fest.',
     set()),
    ('Zahlreiche Länder haben ihre Botschaften in Pjöngjang während der Pandemie '
     'geschlossen.',
     set()),
    ('Die Sanktionen hätten das Land hart getroffen, räumte Kim in seiner Rede ein.',
     set()),
    ('Biden kündigte an, den Druck auf Nordkorea aufrechtzuerhalten.',
     {('USA', 'MAINTAIN_SANCTIONS')}),
    ('Der Sicherheitsrat verschärfte die Sanktionen gegen Nordkorea einstimmig.',
     {('UN', 'MAINTAIN_SANCTIONS')}),
    ('Pjöngjang stellt Bedingungen: Erst müssten die USA die Sanktionen lockern.',
     {('DPRK', 'DEMAND_SANCTIONS_RELIEF'), ('DPRK', 'PRECONDITION')}),
    ('Nordkorea sei nicht länger an die Vereinbarungen mit Südkorea gebunden, erklärte die '
     'Regierung.',
     {('DPRK', 'THREAT')}),
    ('Moon rief die USA und Nordkorea auf, ihre Gespräche wieder aufzunehmen.',
     {('ROK', 'OFFER_TALKS')}),
    ('Die Verhandlungen mit Nordkorea würden fortgesetzt, sagte Pompeo.',
     {('USA', 'OFFER_TALKS')}),
    ('Nach dem Treffen erklärten beide Seiten, man wolle die Beziehungen verbessern.',
     set()),
    ('Kim hat angeboten, das Atomtestgelände Punggye-ri vor den Augen internationaler '
     'Experten zu schließen.',
     {('DPRK', 'FLEXIBILITY')}),
    ('Die USA seien bereit, Nordkorea Sicherheitsgarantien zu geben, sagte Pompeo.',
     {('USA', 'FLEXIBILITY')}),
    ('Nordkorea verlangt von den USA eine Garantie, dass sie das Land nicht angreifen.',
     {('DPRK', 'SECURITY_GUARANTEE_DEMAND')}),
    ('Der Abzug der US-Truppen aus Südkorea stehe nicht zur Debatte, sagte Esper.',
     set()),
]

# Who holds the position in the usual frames of a report: sources, spokespeople, titles.
WHO_HOLDS_IT: Cases = [
    ('Blinken: Peking soll den Druck auf Pjöngjang erhöhen', {('USA', 'MAINTAIN_SANCTIONS')}),
    ('Kim: Atomwaffen sind nicht verhandelbar', {('DPRK', 'REFUSE_DENUCLEARIZATION')}),
    ('Man werde jede Provokation mit aller Härte beantworten, sagte ein Sprecher des '
     'Verteidigungsministeriums in Seoul.',
     {('ROK', 'THREAT')}),
    ('Laut KCNA sagte Kim, Nordkorea werde seine Atomwaffen niemals aufgeben.',
     {('DPRK', 'REFUSE_DENUCLEARIZATION')}),
    ('Wie die Nachrichtenagentur Yonhap berichtete, forderte Seoul den Norden zu Gesprächen '
     'auf.',
     {('ROK', 'OFFER_TALKS')}),
    ('Das Weiße Haus teilte mit, man sei weiterhin zu Gesprächen bereit.',
     {('USA', 'OFFER_TALKS')}),
    ('Nach Angaben des südkoreanischen Vereinigungsministeriums will Seoul die Gespräche mit'
     ' Pjöngjang fortsetzen.',
     {('ROK', 'OFFER_TALKS')}),
    ('In einer Erklärung des Außenministeriums in Pjöngjang hieß es, man werde keine '
     'Verhandlungen mehr führen.',
     {('DPRK', 'REJECT_TALKS')}),
    ('Trumps Sprecherin erklärte, der Präsident sei offen für ein Treffen mit Kim.',
     {('USA', 'OFFER_TALKS')}),
    ('Kim Yo Jong, die einflussreiche Schwester des Machthabers, wies das Angebot zurück.',
     {('DPRK', 'REJECT_TALKS')}),
    ('Der chinesische Präsident Xi Jinping sprach sich bei dem Treffen für eine '
     'Entnuklearisierung der Halbinsel aus.',
     {('CHN', 'DEMAND_DENUCLEARIZATION')}),
    ('Südkoreas Außenministerin Kang Kyung Wha sagte, die Sanktionen müssten bis zur '
     'vollständigen Abrüstung bestehen bleiben.',
     {('ROK', 'DEMAND_DENUCLEARIZATION'), ('ROK', 'MAINTAIN_SANCTIONS')}),
    ('US-Präsident Biden und Südkoreas Präsident Yoon bekräftigten ihr Ziel einer '
     'vollständigen Denuklearisierung.',
     {('ROK', 'DEMAND_DENUCLEARIZATION'), ('USA', 'DEMAND_DENUCLEARIZATION')}),
    ('Der russische Außenminister Lawrow kritisierte die Sanktionen als kontraproduktiv.',
     {('RUS', 'DEMAND_SANCTIONS_RELIEF')}),
    ('Japans Regierungschef forderte die internationale Gemeinschaft auf, den Druck auf '
     'Pjöngjang zu erhöhen.',
     {('JPN', 'MAINTAIN_SANCTIONS')}),
    ('Der UN-Generalsekretär rief beide Seiten zur Rückkehr an den Verhandlungstisch auf.',
     {('UN', 'OFFER_TALKS')}),
    ('Ein Sprecher des südkoreanischen Verteidigungsministeriums sagte, man beobachte die '
     'Lage genau.',
     set()),
    ('Kim Jong Un sagte nach KCNA-Angaben, er sei bereit, Präsident Trump jederzeit wieder '
     'zu treffen.',
     {('DPRK', 'OFFER_TALKS')}),
    ('Die nordkoreanische Führung verlangt von Seoul, die Flugblattaktionen zu stoppen.',
     set()),
]

CONSTRUCTIONS: dict[str, Cases] = {
    "security_demands": SECURITY_DEMANDS,
    "refusals": REFUSALS,
    "readiness": READINESS,
    "modal_demands": MODAL_DEMANDS,
    "nominal_demands": NOMINAL_DEMANDS,
    "reporters_words": REPORTERS_WORDS,
    "third_parties": THIRD_PARTIES,
    "conditions_purposes_exchanges": CONDITIONS_PURPOSES_EXCHANGES,
    "threats": THREATS,
    "no_position": NO_POSITION,
    "varied_wording": VARIED_WORDING,
    "who_holds_it": WHO_HOLDS_IT,
}


def _pairs(text: str) -> set[tuple[str | None, str]]:
    rows = code_text(text, published="2020-01-01")
    return set(zip(rows["actor"], rows["category"], strict=True))


@pytest.mark.parametrize(
    "text, expected",
    [pytest.param(text, expected, id=f"{kind}-{number}")
     for kind, cases in CONSTRUCTIONS.items() for number, (text, expected) in enumerate(cases)])
def test_the_coder_codes_the_construction_as_a_reader_would(text, expected):
    assert _pairs(text) == expected


def test_every_kind_of_construction_has_cases():
    assert all(len(cases) >= 3 for cases in CONSTRUCTIONS.values())


# --- sentences read with the one before them ---------------------------------------------------


def _two(before: str, text: str) -> pd.DataFrame:
    sentences = pd.DataFrame({
        "article_id": "fixture", "published": pd.Timestamp("2020-01-01"),
        "sentence_id": ["fixture/p00s00", "fixture/p00s01"], "section": "body",
        "paragraph": 0, "sentence": [0, 1], "text": [before, text]})
    claims = code_positions(sentences)
    return claims[claims["sentence_id"] == "fixture/p00s01"]


def test_andernfalls_carries_the_demand_of_the_sentence_before():
    rows = _two("Pjöngjang forderte, die Sanktionen sofort aufzuheben.",
                "Andernfalls werde man harte Gegenmaßnahmen ergreifen.")
    assert {"THREAT", "DEMAND_SANCTIONS_RELIEF"} <= set(rows["category"])
    assert "otherwise+" in ";".join(rows.loc[rows["category"] == "DEMAND_SANCTIONS_RELIEF",
                                             "rule"])


def test_reported_words_without_a_speaker_go_on_with_the_actor_before_them():
    rows = _two("Kim Yo Jong meldete sich am Dienstag zu Wort.",
                "Man sei an einem Treffen nicht interessiert.")
    assert list(zip(rows["actor"], rows["category"], strict=True)) == [("DPRK", "REJECT_TALKS")]


def test_a_reported_pronoun_subject_is_the_person_named_before():
    rows = _two("US-Außenminister Pompeo reiste am Samstag nach Pjöngjang.",
                "Dort wolle er über die Umsetzung der Vereinbarungen von Singapur sprechen.")
    assert list(zip(rows["actor"], rows["category"], strict=True)) == [("USA", "OFFER_TALKS")]


def test_a_threat_alone_carries_no_demand():
    rows = _two("Die Lage auf der Halbinsel ist angespannt.",
                "Andernfalls werde man harte Gegenmaßnahmen ergreifen.")
    assert set(rows["category"]) == {"THREAT"}


def test_a_subjunctive_sentence_carries_on_the_speaker_of_a_speech_act_before_it():
    rows = _two("Der russische Präsident hat sich für Sicherheitsgarantien ausgesprochen.",
                "Eine Abrüstung sei sonst nicht möglich.")
    assert set(rows["actor"]) == {"RUS"}


# --- the coder never codes with fewer actors than it could ---------------------------------------


def test_a_bare_sentences_table_is_attributed_before_it_is_coded():
    bare = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": ["a/p00s00", "a/p00s01"],
                         "text": ["Kim Yo Jong sprach am Montag vor Journalisten.",
                                  "Sie sei zu Gesprächen bereit, sagte sie."]})
    rows = code_positions(bare)
    assert list(zip(rows["actor"], rows["category"], strict=True)) == [("DPRK", "OFFER_TALKS")]


def test_the_corpus_codes_the_same_with_or_without_its_attribution_columns():
    attributed = prepare_sentences(load_articles())
    columns = ["article_id", "published", "sentence_id", "section", "paragraph", "sentence",
               "text"]
    pd.testing.assert_frame_equal(code_positions(attributed[columns]),
                                  code_positions(attributed))
