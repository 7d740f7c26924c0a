"""Dutch / Flemish vocabulary for the forge (generic words taken from real report texts).

Only words and label sets; no figures. model.py draws from these lists with its own rng.
"""

ORG_FORMS = [
    ("vzw", "{name}"), ("stichting", "{name}"), ("OCMW", "{city}"), ("gemeente", "{city}"),
    ("stad", "{city}"), ("Welzijnsvereniging", "{city}"), ("vzw", "{name} {city}"),
]
ORG_NAMES = [
    "Het Anker", "De Brug", "Thuiszorg Plus", "Zorgnet", "De Vlinder", "Huis in de Stad",
    "Kompas", "Levensloop", "De Wending", "Sociaal Huis", "Hand in Hand", "Oranjehuis",
    "De Stroom", "Vivalis", "Zonnebloem", "Familiehulp Regio", "Den Dries", "Ter Linde",
]
CITIES = [
    "Aalst", "Brugge", "Kortrijk", "Mechelen", "Leuven", "Hasselt", "Genk", "Roeselare",
    "Sint-Niklaas", "Turnhout", "Lier", "Oostende", "Dendermonde", "Zwolle", "Deventer",
    "Tilburg", "Breda", "Ieper", "Geel", "Lokeren",
]
REGIONS = [
    "Antwerpen", "Limburg", "Oost-Vlaanderen", "West-Vlaanderen", "Vlaams-Brabant", "Brussel",
    "Noord", "Midden", "Zuid", "Oost", "West", "Centraal", "Regio Kempen", "Regio Waasland",
]
SERVICES = [
    "Gezinszorg", "Kraamzorg", "Poetsdienst", "Thuisverpleging", "Dagbesteding", "Woonzorg",
    "Kortverblijf", "Ambulante begeleiding", "Beschermd wonen", "Jeugdhulp", "Schuldhulpverlening",
    "Onthaal", "Buurtwerk", "Mantelzorgondersteuning", "Karweidienst", "Oppashulp",
    "Maaltijddienst", "Dienstencheques", "Woonzorgcentrum", "Lokaal dienstencentrum",
    "Kinderopvang", "Psychosociale begeleiding", "Trajectbegeleiding", "Inloophuis",
]
STAFF = [
    "Verzorgenden", "Verpleegkundigen", "Zorgkundigen", "Logistiek medewerkers",
    "Maatschappelijk werkers", "Begeleiders", "Administratief personeel", "Leidinggevenden",
    "Huishoudhulpen", "Kinderbegeleiders", "Ergotherapeuten", "Stafmedewerkers",
]
MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
]
MONTHS_CAP = [m.capitalize() for m in MONTHS]
AGE_BRACKETS = [
    "Jonger dan 18 jaar", "18 tot 25 jaar", "25 tot 45 jaar", "45 tot 65 jaar",
    "65 tot 80 jaar", "80 jaar en ouder",
]

# budget lines: (label, kind) kind = baten | lasten
LASTEN = [
    "Personeelskosten", "Werkingskosten", "Afschrijvingen", "Huisvestingskosten",
    "Energiekosten", "Kosten van vorming", "Verplaatsingskosten", "Erelonen en honoraria",
    "Verzekeringen", "Onderhoud en herstellingen", "ICT-kosten", "Financiële kosten",
    "Toegestane werkingssubsidies", "Overige lasten", "Voedingskosten", "Huurlasten",
]
BATEN = [
    "Subsidies Vlaamse overheid", "Gemeentelijke subsidies", "Bijdragen gebruikers",
    "Opbrengsten uit dienstverlening", "Giften en legaten", "Werkingssubsidies",
    "Recuperatie van kosten", "Financiële opbrengsten", "Overige opbrengsten",
    "Fiscale ontvangsten", "Dienstencheques", "Projectsubsidies", "Huuropbrengsten",
]
ACTIVA = [
    "Immateriële vaste activa", "Terreinen en gebouwen", "Installaties en uitrusting",
    "Meubilair en rollend materieel", "Financiële vaste activa", "Vorderingen op ten hoogste één jaar",
    "Handelsvorderingen", "Geldbeleggingen", "Liquide middelen", "Overlopende rekeningen (activa)",
    "Voorraden",
]
PASSIVA = [
    "Fondsen van de vereniging", "Bestemde fondsen", "Overgedragen resultaat",
    "Kapitaalsubsidies", "Voorzieningen voor risico's en kosten", "Schulden op meer dan één jaar",
    "Financiële schulden", "Leveranciers", "Schulden met betrekking tot bezoldigingen",
    "Overige schulden", "Overlopende rekeningen (passiva)",
]
FUNDS = [
    "Bestemmingsreserve huisvesting", "Sociaal fonds", "Investeringsfonds", "Reserve ICT",
    "Voorziening groot onderhoud", "Fonds vrijwilligerswerk", "Egalisatiereserve",
    "Projectfonds innovatie", "Reserve personeel",
]
PRODUCTS = [  # (label, unit word)
    ("Maaltijden aan huis", "maaltijden"), ("Uren gezinszorg", "uren"), ("Poetsuren", "uren"),
    ("Nachten kortverblijf", "nachten"), ("Dagen dagopvang", "dagen"), ("Ritten minder-mobielen", "ritten"),
    ("Opvangdagen kinderopvang", "dagen"), ("Klusjesprestaties", "prestaties"),
    ("Huurwoningen", "woningen"), ("Consultaties", "consultaties"), ("Vormingsuren", "uren"),
]
BUDGET_DOMAINS = [
    "Algemene financiering", "Zorg en welzijn", "Wonen", "Onderwijs en opvoeding",
    "Cultuur en vrije tijd", "Mobiliteit", "Veiligheid", "Sociale economie", "Armoedebestrijding",
    "Ouderenzorg", "Kinderopvang", "Algemeen bestuur",
]
POLICY_AIMS = [
    "Meer mensen aan het werk", "Betaalbaar wonen voor iedereen", "Toegankelijke zorg",
    "Armoede terugdringen", "Kwaliteitsvolle kinderopvang", "Een veilige buurt",
    "Duurzame mobiliteit", "Een slanke organisatie", "Ondersteuning van mantelzorgers",
    "Digitale dienstverlening",
]

# measures per topic: (header word, unit word for "in ...", decimals allowed >0)
COUNT_MEASURES = ["Aantal cliënten", "Aantal dossiers", "Aantal gebruikers", "Aantal gezinnen",
                  "Aantal prestaties", "Aantal aanvragen", "Aantal medewerkers", "Koppen"]
HOUR_MEASURES = ["Uren", "Gepresteerde uren", "Betaalde uren", "Uren bij klanten", "Opleidingsuren"]
FTE_MEASURES = ["VTE", "Voltijds equivalenten", "FTE"]
AMOUNT_MEASURES = ["Bedrag", "Uitgaven", "Ontvangsten", "Kosten", "Opbrengsten", "Budget"]

GROUP_HEADERS = ["Regio", "In dienst", "Statuut", "Leeftijd", "Contract", "Exploitatie",
                 "Investeringen", "Gezinszorg", "Thuisverpleging"]
SUBGROUPS = {
    "Regio": ["Noord", "Midden", "Zuid", "Oost", "West"],
    "In dienst": ["Voltijds", "Deeltijds", "Tijdelijk"],
    "Statuut": ["Contractueel", "Statutair", "Vervangers"],
    "Leeftijd": ["< 30", "30-49", "50+"],
    "Contract": ["Bepaalde duur", "Onbepaalde duur"],
    "Exploitatie": ["Uitgaven", "Ontvangsten"],
    "Investeringen": ["Uitgaven", "Ontvangsten"],
    "Gezinszorg": ["Kernopdracht", "Aanvullend"],
    "Thuisverpleging": ["Forfaits", "Nomenclatuur"],
}

INTRO_SENTENCES = [
    "Voor u ligt het jaarverslag {year} van {org}.",
    "Dit verslag geeft een cijfermatig overzicht van onze werking in {year}.",
    "Het jaar {year} stond in het teken van stabiliteit en groei.",
    "We danken alle medewerkers, vrijwilligers en partners voor hun inzet.",
    "De cijfers in dit verslag werden afgesloten op {closing}.",
    "De raad van bestuur keurde de jaarrekening goed op {approval}.",
    "Het aantal cliënten steeg in {year} met circa {pct} ten opzichte van {prev}.",
    "De totale omzet bedroeg circa {mln} miljoen euro.",
    "In hoofdstuk {sec} vindt u de financiële toelichting.",
    "De personeelsinzet bleef nagenoeg gelijk aan die van {prev}.",
    "Sinds {month} {year} werken we met een nieuw registratiesysteem.",
    "De werking wordt gefinancierd door de Vlaamse overheid, de gemeente en de gebruikers.",
    "Meer dan {n} vrijwilligers ondersteunden onze diensten.",
    "We zetten verder in op digitalisering, kwaliteit en werkbaar werk.",
    "De bezettingsgraad van de woonzorgcentra lag opnieuw hoog.",
    "Zie ook punt {sec} voor de toelichting bij de afwijkingen.",
    "De wachtlijst werd in de loop van {year} met een derde verkort.",
]
SECTION_TOPICS = [
    "Personeel", "Activiteiten", "Financieel verslag", "Cliënten en gebruikers",
    "Kwaliteit", "Budgettaire toelichting", "Jaarrekening", "Werking per dienst",
    "Vorming en opleiding", "Investeringen", "Beleidsdoelstellingen", "Vrijwilligers",
]
LIST_ITEMS = [
    "het digitaliseren van de intakegesprekken", "het uittekenen van de klantreis",
    "wachtlijstbeheer voor de poetsdienst", "een centraal datawarehouse",
    "gezonde werkvloeren en werkbaar werk", "opleidingstrajecten voor alle medewerkers",
    "de renovatie van het dienstencentrum", "een nieuwe website met e-loket",
    "samenwerking met de eerstelijnszone", "ISO 9001 certificaat behaald",
    "vermindering van het ziekteverzuim", "uitbreiding van de nachtzorg",
]
FOOTNOTES = [
    "Exclusief tijdelijke contracten.", "Voorlopige cijfers.", "Inclusief kraamzorg.",
    "Cijfers op 31 december.", "Na herberekening.", "Bron: eigen registratie.",
    "Exclusief vervangingen.", "Gecorrigeerd voor dubbeltellingen.",
]
SPREADSHEET_ERRORS = ["#VERW!", "#REF!", "#DEEL/0!", "##########", "#WAARDE!", "#N/B"]
KEY_FIGURE_EXTRA = [  # label, unit word
    ("medewerkers", ""), ("vrijwilligers", ""), ("gemiddelde leeftijd", "jaar"),
    ("locaties", ""), ("tevredenheid", "%"),
]
