"""The words the quote extractor knows: ranks and titles, speech and attitude verbs, role
nouns, given names, and the words that end or start a name or a clause.

Kept as plain word lists: the rules read better with names than with regular expressions.
"""

from __future__ import annotations


def _word_set(text: str) -> frozenset[str]:
    """A vocabulary written as running text, one word per space."""
    return frozenset(text.split())


def _phrase_set(text: str) -> frozenset[str]:
    """A vocabulary of phrases, separated by '|'."""
    return frozenset(text.split("|"))


_TITLES = (
    "Police and Crime Commissioner|Deputy Police and Crime Commissioner|Police Commissioner|"
    "Chief Constable|Deputy Chief Constable|Assistant Chief Constable|"
    "Chief Superintendent|Detective Chief Superintendent|Superintendent|Detective Superintendent|"
    "Det Supt|Det Ch Supt|Ch Supt|Chief Supt|Supt|"
    "Chief Inspector|Detective Chief Inspector|Inspector|Detective Inspector|DCI|DI|Insp|"
    "Det Insp|Chief Insp|Ch Insp|Special Inspector|Special Chief Inspector|"
    "Sergeant|Detective Sergeant|Police Sergeant|Special Sergeant|Sgt|Det Sgt|DS|PS|"
    "Constable|Detective Constable|Police Constable|Special Constable|PC|DC|WPC|SC|Det Con|"
    "PCSO|Police Community Support Officer|Detective|"
    "Commander|Assistant Commissioner|Deputy Assistant Commissioner|Deputy Commissioner|"
    "Commissioner|Cllr|Councillor|Mayor|Lord Mayor|Deputy Mayor|Alderman|"
    "Lord Chancellor|Lord Advocate|Lord Provost|Lord Lieutenant|Lord-Lieutenant|Lord Speaker|"
    "Lord Chief Justice|Lord Justice|Lady Justice|"
    "Dr|Prof|Professor|Mr|Mrs|Ms|Miss|Mx|Sir|Dame|Lord|Lady|Baroness|Baron|"
    "Rt Hon|Right Hon|Right Honourable|Hon|"
    "Rev|Revd|Reverend|Father|Canon|Bishop|Archbishop|Rabbi|Imam|"
    "Judge|His Honour Judge|Her Honour Judge|District Judge|Recorder|"
    "Mr Justice|Mrs Justice|Ms Justice|Coroner|"
    "Station Manager|Group Manager|Watch Manager|Crew Manager|Area Manager|"
    "Chief Fire Officer|Deputy Chief Fire Officer|Assistant Chief Fire Officer|Firefighter|"
    "Captain|Major|Colonel|Lieutenant|Brigadier|Corporal|Lance Corporal|"
    "Major General|Lieutenant General|Brigadier General|Lieutenant Colonel|"
    "Sergeant Major|Staff Sergeant|Warrant Officer|Admiral|Vice Admiral|Rear Admiral|"
    "Commodore|Lieutenant Commander|Air Marshal|Air Vice-Marshal|Air Chief Marshal|"
    "Group Captain|Wing Commander|Squadron Leader|Flight Lieutenant"
)


_POLICE_RANKS = _phrase_set(
    "PC|DC|DS|DI|DCI|Sgt|Sergeant|Inspector|Superintendent|Supt|Constable|WPC|PCSO|Detective|"
    "Insp|Chief Inspector|Chief Superintendent|Detective Sergeant|Detective Inspector|"
    "Detective Constable|Detective Chief Inspector|Detective Superintendent|"
    "Detective Chief Superintendent|Police Constable|Special Constable|Det Sgt|Chief Constable|"
    "Deputy Chief Constable|Assistant Chief Constable|Ch Supt"
)


_FIRE_RANKS = _phrase_set(
    "Station Manager|Group Manager|Watch Manager|Crew Manager|Area Manager|Firefighter|"
    "Chief Fire Officer"
)


# "the officer added": which titles a plain description can stand for.
_DESCRIBED_BY: dict[str, frozenset[str]] = {
    "officer": _POLICE_RANKS | _FIRE_RANKS,
    "detective": frozenset(rank for rank in _POLICE_RANKS if rank.startswith(("D", "Det"))),
    "sergeant": frozenset({"Sgt", "Sergeant", "DS", "Detective Sergeant", "Det Sgt"}),
    "inspector": frozenset({"Inspector", "Chief Inspector", "DI", "DCI", "Insp"}),
    "councillor": frozenset({"Cllr", "Councillor"}),
    "doctor": frozenset({"Dr"}),
    "firefighter": _FIRE_RANKS,
    "commissioner": frozenset({"Commissioner", "Police and Crime Commissioner"}),
}


_TITLE_MODIFIERS = frozenset({"Acting", "Temporary", "T/", "A/"})


# A senior judge is known by style and surname ("Mr Justice Saini", "Lady Justice Carr"):
# without the style, the surname alone names no one.
_JUDICIAL_STYLES = frozenset(
    {"Lord Justice", "Lady Justice", "Mr Justice", "Mrs Justice", "Ms Justice"}
)


# Titles that, before a single word, are part of how the person is known: "Lord Ashworth" keeps its
# title when no fuller name is printed; after Sir or Dame the word is a given name.
_NAME_TITLES = frozenset({"Lord", "Lady", "Baroness", "Baron", "Sir", "Dame"}) | _JUDICIAL_STYLES


_GIVEN_NAME_TITLES = frozenset({"Sir", "Dame"})


# Titles of peers, whose names may carry a place: "Baroness Penrose of Tregaron".
_PEER_TITLES = frozenset({"Lord", "Lady", "Baroness", "Baron"})


_MALE_TITLES = frozenset({"Mr", "Sir", "Lord", "Baron", "Father", "Mr Justice"})


_FEMALE_TITLES = frozenset({"Mrs", "Ms", "Miss", "Dame", "Lady", "Baroness", "Mrs Justice"})


def _person_words() -> frozenset[str]:
    """Words without which a run of capitalised words cannot name anyone (for a quick skip)."""
    firsts = {title.split()[0] for title in _TITLES.split("|")}
    return frozenset(firsts | _TITLE_MODIFIERS | _FIRST_NAMES | {f"{t}." for t in firsts})


def _title_index(titles: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Titles by first word, longest first, so "Chief Inspector" wins over "Chief"."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for title in titles.split("|"):
        words = tuple(title.split())
        index.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(found, key=len, reverse=True)) for first, found in index.items()}


_TITLE_INDEX = _title_index(_TITLES)


_TITLE_WORDS = frozenset(word for title in _TITLES.split("|") for word in title.split())


# Verbs that go on from words already said: "He added" is someone quoted before.
_CONTINUING_VERBS = frozenset({"added", "adds", "continued", "continues"})


_SPEECH_VERBS = _word_set(
    """
    said says say added adds explained explains urged urges warned warns commented comments told
    tells stated states appealed appeals continued continues asked asks replied replies insisted
    insists noted notes remarked remarks revealed reveals admitted admits confirmed confirms
    acknowledged acknowledges claimed claims declared declares announced announces concluded
    concludes agreed agrees recalled recalls emphasised emphasises emphasized stressed stresses
    highlighted highlights reiterated reiterates advised advises cautioned cautions wrote writes
    posted tweeted responded responds reflected reflects observed observes argued argues
    suggested suggests pleaded pleads vowed vows promised promises praised praises thanked
    thanks shouted shouts exclaimed whispered sobbed joked jokes boasted boasts conceded
    concedes recounted recounts described describes pointed elaborated elaborates summed sums
    reassured reassures reminded reminds encouraged encourages welcomed welcomes went
    texted messaged emailed written screamed yelled
    """
)


# "…, adding: '…'" — the speaker is the subject of the sentence, not a phrase next to the verb.
_PARTICIPLES = _word_set(
    """
    adding saying explaining urging warning telling stating continuing insisting noting
    stressing emphasising emphasizing commenting concluding appealing pleading vowing promising
    praising thanking reminding reassuring encouraging describing
    """
)


# Words that open a clause after a name, never a role: "Jo Bloggs, speaking to reporters, said".
_NOT_ROLE_OPENERS = _word_set(
    """
    and but adding saying speaking asked writing responding reacting talking replying answering
    appearing interviewed pictured quoted
    """
)


_PRONOUNS = {"he": "m", "she": "f", "they": None}
# Pronouns that stand alone as a subject ("he said", "we said").
_LONE_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


_DETERMINERS = frozenset({"a", "an", "the"})


_POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "our", "my", "your"})


# Adverbs that may open a sentence before its subject with no comma: "Today the Home
# Secretary said".
_OPENING_ADVERBS = frozenset(
    {"today", "yesterday", "tonight", "earlier", "later", "meanwhile", "separately", "now"}
)


# Words that open a clause leading into the subject: "Speaking after the hearing, DC Smith said".
_LEAD_INS = _word_set(
    """
    in on at after before following outside during since from with without ahead under over
    through upon within despite regarding about asked when while whilst as today yesterday
    tonight earlier later last this meanwhile however also now afterwards then here there once
    but and so yet like unlike alongside
    """
)


_ROLE_NOUNS = _word_set(
    """
    officer manager commander councillor director chair chairman chairwoman chairperson chief
    executive head leader secretary minister coordinator co-ordinator spokesperson spokesman
    spokeswoman president founder owner editor principal headteacher teacher governor trustee
    member mayor lead adviser advisor analyst investigator inspector sergeant constable
    superintendent commissioner paramedic nurse matron doctor surgeon consultant solicitor
    barrister lawyer prosecutor judge magistrate coroner volunteer campaigner worker ranger warden
    captain vicar engineer administrator supervisor controller specialist champion ambassador
    organiser organizer instructor coach treasurer clerk landlord landlady proprietor chaplain
    fundraiser firefighter detective partner presenter reporter correspondent representative
    deputy assistant researcher professor lecturer student pupil practitioner technician
    dispatcher handler holder operator planner strategist programmer designer producer farmer
    tourist visitor resident parent pensioner shopper driver motorist cyclist walker victim
    witness shopkeeper retailer trader businessman businesswoman boss mother father son daughter
    brother sister wife husband grandmother grandfather aunt uncle niece nephew friend neighbour
    neighbor fiancee fiance widow widower chancellor attorney envoy colleague cousin grandson
    granddaughter boyfriend girlfriend stepfather stepmother teammate classmate carer mentor
    apprentice trainee employee tenant patient passenger customer survivor eyewitness
    homeowner householder supporter fan user insider expert scientist academic economist
    teenager youngster schoolboy schoolgirl graduate grandparent retiree veteran soldier pilot
    defendant accused claimant complainant appellant applicant juror offender suspect
    footballer striker midfielder defender goalkeeper athlete cricketer golfer jockey boxer
    swimmer sprinter finalist contestant actor actress musician author poet comedian performer
    dancer chef builder plumber electrician architect mum dad caller advocate provost lieutenant
    ombudsman registrar moderator forecaster meteorologist
    pharmacist dentist optician physiotherapist therapist midwife librarian curator archivist
    historian auctioneer caretaker beekeeper zookeeper surveyor auditor counsellor lifeguard
    ecologist biologist archaeologist geologist psychologist psychiatrist radiographer hygienist
    """
)


# How agent nouns end ("forecaster", "pharmacist", "librarian", "auctioneer"), and few given
# names do: those that do are in the given-name lists.
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "eer")


# Capitalised words that are never part of a person's name.
# The words of firms and utilities in releases ("Southern Water", "Cadent Gas", "Orbit Homes"):
# never part of a person's name, and enough to make a phrase a body that may speak.
_FIRM_WORDS = _word_set(
    """
    Water Gas Energy Electricity Rail Railways Trains Buses Airways Airlines Homes Housing
    Health Healthcare Care Media Grid Utilities Networks Highways Transport Broadband Insurance
    Developments Properties Construction Holdings Industries Logistics Motors Pharmacy Surgery
    Clinic
    """
)


_NOT_NAME = (
    _word_set(
        """
    Police Council Service Services Trust NHS Agency Department Office Court University School
    College Academy Association Society Group Team Unit Force Constabulary Fire Rescue Ambulance
    Hospital Hospitals Club Company Partnership Foundation Charity Centre Center Church Borough
    County City Government Ministry Authority Commission Board Network Forum Committee
    Parliament Party Bank Railway Station Airport Port Prison Directorate Command Squad
    Operation Project Campaign Initiative Programme Scheme Fund Festival Market Street Road Lane
    Avenue Way Drive Close Crescent Square Park Bridge Gardens Terrace Place Estate
    Shopping Restaurant Cathedral Museum Theatre Library Magistrates Crown Online News Limited
    Ltd Plc Taskforce Brigade Coastguard Lifeboat Valley Alert Week Day Home Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Christmas Easter Year New The This That These Those It
    He She They We You I Our Their His Her Its My Your A An And But Or If When While After
    Before In On At For From With By To Of As Also Today Police's Council's Officer Officers
    Manager Director Chair Chief Executive Head Leader Spokesperson Spokesman Spokeswoman Member
    Lead Mr Mrs Ms Miss Dr Federation Union Institute Alliance Coalition Consortium Corporation
    Panel Assembly Tribunal Inquiry Bureau Cooperative Guild Collective
    """
    )
    | _FIRM_WORDS
)


# Words of `_NOT_NAME` for places and dates that are surnames too ("Theresa May", "Ruth Lane",
# "Andy Street"): a name's last word straight after a given name, an initial or a personal
# title, but never after a word that puts a place or a date ("on Albert Street", "in May").
_PLACE_SURNAMES = _word_set("Street Lane Park Church Court Close Way Bridge Bank May Day")


_PLACE_PREPOSITIONS = _word_set(
    """
    in on at to into onto near off along outside opposite across down up from past towards
    toward around behind beside via through since until till during last next this every before
    after early late mid
    """
)


# Titles that streets and buildings are named after ("Lord Street", "Bishop Lane"): a place
# word straight after one is no surname.
_PLACE_TITLES = _word_set("Lord Lady Baron Baroness Bishop Archbishop Canon Father Captain Major")

# Given names that, among our readers' subjects, are nearly always a man's or a woman's: "she"
# never goes to "Tom Barr" ("Tom Barr met Ana Kell. She said"). Names borne by both (Sam, Alex,
# Jo, Chris, Jamie, Robin, Kim, Lee, Jan, Jean, Kelly, Charlie) are in neither.
_MALE_GIVEN = _word_set(
    """
    Aaron Adam Adrian Ahmed Aidan Alan Alastair Albert Alexander Alistair Amir Andrew Andy Anthony
    Arthur Barry Ben Benjamin Bernard Bob Brian Bruce Callum Calum Carl Charles Christopher Colin
    Connor Craig Dan Daniel Darren Dave David Dean Declan Dennis Derek Dominic Douglas Duncan Dylan
    Ed Eddie Edward Eric Ethan Gareth Gary Gavin Geoff Geoffrey George Gerald Gordon Graham Harry
    Henry Hugh Ian Imran Isaac Ivan Jack Jacob Jake James Jason Jeff Jeremy Jim Joe Joel John Jon
    Jonathan Joseph Josh Joshua Julian Justin Keir Keith Kevin Kieran Kyle Leo Leon Lewis Liam Luke
    Malcolm Marcus Mark Martin Matt Matthew Michael Mike Mohammed Mohammad Muhammad Nathan Neil
    Nicholas Nick Nigel Noah Oliver Omar Oscar Owen Patrick Paul Peter Philip Phil Phillip Rajesh
    Richard Rob Robert Roger Rory Ross Roy Ryan Sadiq Samuel Scott Sean Shaun Simon Stephen Steve
    Steven Stuart Terry Thomas Tim Timothy Toby Tom Tony Trevor Tyrone Usman Vincent Wayne Wes
    William Yusuf Rishi Abdul Anton Antonio Arjun Christian Fraser Hussain Rhys Ciaran Iain Hamish
    Fergus Angus Ewan Euan Ruairidh Emeka Chidi Kwame Kofi Tunde Sunil Anil Vikram Deepak Sanjay
    Ravi Bilal Hamza Tariq Khalid Aled Alfie Alun Archie Ashok Austin Barnaby Billy Bradley Brendan
    Bryan Cedric Clive Conor Damian Damien Danny Darius Denis Desmond Don Donald Edwin Elliot
    Elliott Emmanuel Ernest Evan Felix Finn Finlay Frank Freddie Frederick Gabriel Garry Gerard
    Gerry Gethin Glen Glenn Graeme Greg Gregory Guy Harvey Hassan Howard Huw Idris Ioan Jamal Jared
    Javed Jerome Jimmy Johnny Jonny Josef Karl Kenneth Kenny Lawrence Len Lloyd Louis Lucas Manuel
    Marc Mario Marek Matteo Max Mehmet Michal Mitchell Mohamed Murray Nadhim Nathaniel Ned Niall
    Nikhil Noel Norman Oisin Ollie Osman Pete Piotr Rahul Ralph Ramesh Ray Raymond Reece Robbie
    Rodney Ronald Ronnie Rupert Russell Sajid Sami Sebastian Shane Shahid Spencer Stan Stanley
    Stewart Ted Terence Theo Tobias Tomasz Tristan Vernon Victor Vijay Vivek Walter Warren Wesley
    Xavier Yousef Zac Zach Zachary Zubair Iqbal Rashid Faisal Amjad Nasir Nadeem Naveed Parvez
    Suresh Rajiv Arun Ajay Amit Rohit Tristram Jasper Rufus Hugo Monty Piers Crispin Quentin
    Alasdair Ruaridh Lachlan Gregor Rhodri Dafydd Gwilym Iwan Emyr Owain Tomos Llyr Cian Eoin
    Padraig Seamus Donal Fintan Cathal Tadhg Ronan Darragh Kwabena Kwesi Obinna Chukwuemeka
    Babatunde Olumide Segun Jide Kayode Dapo Rajinder Harjeet Gurdeep Jasbir Kuldip Prakash Dinesh
    Mahesh Naresh Rakesh Sanjeev Sandeep Pradeep Rajan Gurmit Waqar Asif Tahir Zahid Shakeel Wasim
    Mohsin Arif Kashif Adnan Imtiaz Fahad Hamid Zaheer Ibrahim Ismail Yunus Krzysztof Pawel Marcin
    Lukasz Andrzej Janusz Dariusz Mateusz Jakub Bartosz Wojciech Grzegorz Vasyl Oleksandr Dmytro
    Andriy Jose Sion Aneurin Bedwyr Caradog Dewi Elfed Elis Emrys Geraint Gruffudd Gruffydd Gwion
    Hywel Ieuan Ifan Ifor Illtud Islwyn Meirion Osian Peredur Prys Rhun Rhydian Steffan Tegid
    Trystan Gwyn Cledwyn Deiniol Eifion Elwyn Emlyn Hefin Iestyn Iolo Llion Maldwyn Medwyn Tudur
    Cynan Ianto Coinneach Domhnall Eachann Torquil Murdo Struan Fionn Colm Diarmuid Eamon Eamonn
    Fiachra Ruairi Cormac Eoghan Conall Tiernan Bill Mick Mickey Kev Fred Alf Sid Reg Ron Ken Stu
    Matty Tommy Bobby Ricky Micky Joey Dom Seb
    """
)


_FEMALE_GIVEN = _word_set(
    """
    Abigail Aisha Alice Alison Amanda Amber Amelia Amy Ana Angela Anna Anne Annie Barbara Beth
    Bethany Bridget Caroline Catherine Charlotte Chloe Christine Claire Clare Dawn Deborah Debbie
    Diane Donna Eileen Elaine Eleanor Elizabeth Ella Ellen Ellie Emily Emma Erin Eve Fatima Fiona
    Frances Francesca Gemma Georgia Gillian Grace Hannah Harriet Hayley Heather Heidi Helen Isabel
    Isabella Isla Jade Jane Janet Jennifer Jenny Jessica Joan Joanna Joanne Julia Julie Karen Kate
    Katherine Kathryn Katie Laura Lauren Linda Lisa Lorraine Louise Lucy Margaret Maria Marie Mary
    Megan Melanie Michelle Naomi Natalie Nicola Olivia Pamela Paula Pauline Priya Rachel Rebecca
    Rose Ruth Sally Samantha Sandra Sarah Sharon Sheila Sophie Stephanie Susan Suzanne Teresa
    Theresa Tracey Valerie Vanessa Victoria Wendy Yasmin Yvette Zara Zoe Alexandra Amira Carla Carol
    Danielle Jenna Jodie Joy Kirsty Lynn Mandy Nadia Nina Pippa Shannon Stacey Sue Tanya Tina Tracy
    Vicky Debra Lesley Gwen Siobhan Niamh Aoife Sinead Jasmine Leanne Lindsey Marion Maureen Moira
    Morag Shona Ngozi Anjali Pooja Neha Ayesha Zainab Abbie Abby Adele Agnes Aileen Alicia Alys
    Amelie Anita Annette Antonia Ava Beatrice Belinda Bella Bernadette Beverley Brenda Bronwen
    Caitlin Camilla Carmen Carolyn Catrin Cerys Chantelle Cheryl Christina Clara Claudia Colette
    Connie Daisy Daphne Denise Diana Dorothy Edith Eilidh Elena Elin Eliza Elsie Emilia Esther Eva
    Evelyn Faye Felicity Freya Gail Georgina Geraldine Gill Gloria Gwyneth Hazel Helena Holly Imogen
    Ingrid Irene Isobel Jacqueline Janice Jayne Jemma Jill Josephine Joyce Judith Judy Kathleen
    Katrina Kayleigh Kemi Keisha Kirsten Lara Leah Leila Lena Liz Lorna Lucia Lydia Lynne Maddie
    Madeleine Maggie Mairead Marcia Marianne Marina Maya Melissa Mia Millie Miriam Molly Monica
    Nadine Nancy Natasha Nicole Nora Norma Olga Paige Patricia Penny Philippa Phoebe Polly Priti
    Rachael Rebekah Rhian Rhiannon Rita Rosa Rosalind Rosie Rosemary Sabrina Sadie Sara Selina Seema
    Shabana Shirley Sian Sofia Sonia Stella Suella Susie Sylvia Tamsin Tara Tess Tessa Una Vera
    Veronica Vivienne Yvonne Bryony Scarlett Matilda Evie Sienna Esme Hollie Kayla Nikki Toni Tammy
    Lindsay Lyndsey Gaynor Glenys Marilyn Carole Janine Jeanette Lynda Maxine Kimberley Aimee Tamara
    Samira Rukhsana Nasreen Farah Hina Sana Mariam Maryam Khadija Amina Halima Asha Aaliyah Morven
    Catriona Ailsa Rhona Mhairi Ffion Seren Nia Carys Lowri Sioned Angharad Eleri Delyth Ciara Orla
    Roisin Saoirse Grainne Deirdre Henrietta Arabella Octavia Clemency Imelda Agnieszka Katarzyna
    Magdalena Monika Ewa Natalia Oksana Olena Iryna Svetlana Mairi Maire Aine Aisling Mererid
    Eluned Gwenllian Morfudd Heledd Elen Mali Manon Nerys Tegwen Tirion Efa Branwen Bethan Betsan
    Cerian Elinor Gwawr Hafwen Llinos Mabli Meinir Menna Nesta Olwen Teleri Glesni Gwennan Enfys
    Lleucu Mair Marged Morwenna Eirlys Eirwen Gwenno Ealasaid Kirsteen Peigi Seonaid Ishbel
    Aoibheann Clodagh Eimear Orlaith Sorcha Caoimhe Muireann Meabh Becky Becca Katy Kathy Cathy
    Cath Steph Lizzie Hattie Tilly Izzy Abi Gabby Carrie Trish Tash Tasha Jen Jenni
    """
)

# Common given names, for telling "Mark Stuart" (a person) from "Canterbury Bus" (not one)
# when no rank or title is printed: the two lists above, and these (names borne by both, and
# names those lists leave out).
# Words that are usually not names (May, Will, Hope) are left out.
_FIRST_NAMES = (
    _word_set(
        """
    Alex Ali Andrea Ash Ashley Cameron Charlie Chris Francis Harjit Jamie Jan Jay Jean Jo Jordan Kay
    Kelly Kim Lee Raj Robin Sam Jess Kerry Ama Femi Ade Oluwaseun Blake Dale Jude Kai Kris Leslie
    Pat Rowan Harpreet Gurpreet Jaswinder Manjit Sukhdev Baljit Courtney Dana Hilary Jackie Mel
    Tyler Skyler Kester Tudor Asher Hunter Archer Homer Hector Igor Nestor Lilian Vivian Marian
    Dorian Killian Cillian Fabian Florian
    """
    )
    | _MALE_GIVEN
    | _FEMALE_GIVEN
)


_PERSON_WORDS = _person_words()


# Letters after a name ("Damian Green MP"): the end of the name, and printed as its role.
_POST_NOMINALS = frozenset(
    {"MP", "MEP", "MSP", "MS", "AM", "MLA", "TD", "QC", "KC", "OBE", "MBE", "CBE", "JP", "BEM"}
    | {"QPM", "KPM", "QFSM", "KFSM", "DL", "KBE", "DBE", "CB", "FRS", "FRSE", "FREng"}
)


_PARTICLES = frozenset(
    {"de", "da", "di", "du", "del", "della", "dos", "das", "van", "von", "der", "den", "le", "la"}
    | {"bin", "ibn", "bint", "al", "el"}
    | {"ap", "ab"}  # Welsh: "Rhodri ap Gwilym"
)


# Words that end a walk backwards through a role printed before a name.
_ROLE_STOP = _word_set(
    """
    the a an to by with from at on in into onto and or but as was were is are be been has had
    have said says told when after before while who which that this these those his her their
    its our my your he she they it we i you than then also not no yesterday today during between
    among amongst including like near via per
    """
)


_CONNECTORS = frozenset({"of", "for", "&"})


# People and bodies that speak without a name: "a spokesperson", "residents", "police".
_VOICE_NOUNS = _word_set(
    """
    spokesperson spokesman spokeswoman spokespeople source sources police council force
    government department ministry trust service agency authority board team charity group
    family families relative relatives residents resident neighbours neighbour witnesses
    witness man woman men women boy girl people person staff officials official organisers
    campaigners protesters parents colleagues friends club company firm union federation
    club society partnership office brigade constabulary commission committee hospital
    school college university prison court inspectorate regulator watchdog airline operator
    council's police's
    king queen prince princess duke duchess earl countess archbishop bishop
    """
)


# Groups "they" may mean when a sentence opens with one ("Her family released a statement.
# They said"): then the group speaks, not the person named last (the one the family mourns).
_GROUP_NOUNS = _word_set(
    """
    family families parents relatives friends children officers detectives police colleagues
    team staff organisers residents campaigners volunteers firefighters crews paramedics
    investigators councillors governors trustees neighbours couple pupils students
    """
)

# The head nouns of unnamed voices that are one person ("a police spokesperson"), so may be
# "he" or "she"; a body or a group ("police", "his family", "the council") never is. Those of
# one sex say which.
_ONE_PERSON_VOICES = _ROLE_NOUNS | _word_set(
    """
    man woman boy girl person source official relative colleague teenager mum dad
    king queen prince princess duke duchess earl countess archbishop bishop
    """
)
_MALE_VOICES = _word_set(
    """
    spokesman man boy father son brother husband grandfather uncle nephew widower businessman
    chairman fiance dad king prince duke earl
    """
)
_FEMALE_VOICES = _word_set(
    """
    spokeswoman woman girl mother daughter sister wife grandmother aunt niece widow
    businesswoman chairwoman landlady fiancee mum queen princess duchess countess
    """
)

# Kin and friends: "the mother of victim Ana Kell" is Ana Kell's mother, not Ana Kell, while
# "mother of two Ana Kell" is Ana Kell herself.
_KIN_NOUNS = _word_set(
    """
    mother father mum dad son daughter wife husband partner widow widower sister brother
    parent parents family grandmother grandfather grandparents granddaughter grandson aunt
    uncle niece nephew cousin friend friends fiancee fiance girlfriend boyfriend relative
    relatives child children stepfather stepmother stepson stepdaughter
    """
)


_NUMBER_WORDS = _word_set("one two three four five six seven eight nine ten eleven twelve")

# Organisation words that, capitalised, make a phrase a body that can speak.
_NOT_NAME_ORGS = (
    _word_set(
        """
    Police Council Service Services Trust NHS Agency Department Office Court University School
    College Academy Association Society Group Team Unit Force Constabulary Fire Rescue Ambulance
    Hospital Hospitals Club Company Partnership Foundation Charity Centre Church Borough County
    Government Ministry Authority Commission Board Network Forum Committee Parliament Party
    Bank Railway Airport Prison Directorate Command Squad Brigade Coastguard Lifeboat Federation
    Union Executive Inspectorate Institute Council's Police's Limited Ltd Plc
    """
    )
    | _FIRM_WORDS
    # Bodies that are one word: the regulators and inspectorates of UK releases.
    | _word_set("Ofsted Ofwat Ofcom Ofgem Ofqual Estyn Healthwatch Ombudsman Senedd Holyrood")
)


# Words that make a phrase a clause, not a description of who is speaking.
_CLAUSE_WORDS = _word_set(
    """
    was were is are be been being has had have having will would could should can may might
    must shall do does did not number this these those which that when where while there
    """
)


# Left off the end of a phrase before a speech verb: "a council boss has said".
# As printed, in lower case: "Theresa May said" ends in a name, "a spokesperson may have said" not.
_AUXILIARIES = _word_set(
    """
    has have had is was were will would could should can may might must shall do does did
    also has also then now today yesterday previously earlier recently later tonight again
    """
)


_ROLE_WORDS = 8  # the longest role printed before a name that we take


_PLAIN_CUE = "plain-paragraph-after-lead-in"


_FIRST_PERSON = frozenset({"i", "we", "our", "us", "my", "me", "i'm", "we're", "we've", "i've"})


_OPEN_RUN = 9  # how many paragraphs a quote opened once may run before its closing mark


_LOOK_BACK = 64  # how far back a pronoun or "the spokesperson" looks for whom it means


_NOT_SUBJECT_AFTER = frozenset({"of", "for", "to", "by", "with", "from", "about", "against"})


_PLACE_JOINERS = frozenset({"of", "for", "and", "&", "in", "at", "the", "to", "from", "near"})


_ABBREVIATIONS = _word_set(
    """
    Dr Mr Mrs Ms Mx St Insp Sgt Det Supt Cllr Prof Rev Revd No Co Ltd Jr Sr Capt Col Lt Gen Ch
    Con PC DC DS Hon Rt Gov Sen Rep Mt Ft vs
    """
)


_PARTIAL_WORDS = 25  # the longest phrase woven into a sentence that is read as a partial quote


# Verbs that govern a partial quote as speech or as a stance taken in words.
_ATTITUDE_VERBS = _word_set(
    """
    condemned condemns described describes called calls branded brands labelled labels
    hailed hails praised praises welcomed welcomes vowed vows pledged pledges promised
    promises urged urges warned warns insisted insists criticised criticises slammed slams
    blasted dismissed dismisses accused accuses thanked thanks admitted admits made makes
    paid pays expressed expresses
    """
)


# What one does to another before "and said" ("The Minister thanked council leader Jo Farr and
# said:"): the words before it are the subject; the name after it is no speaker.
_DEEDS = _SPEECH_VERBS | _ATTITUDE_VERBS
_DEEDS |= _word_set(
    """
    met meets visited visits joined joins congratulated congratulates greeted greets opened
    opens unveiled unveils presented presents toured tours handed hands gave gives awarded
    awards introduced introduces hosted hosts
    """
)

# Verbs after which a whole reported clause may stand before the quoted words ("said
# volunteers were 'truly inspiring'"); after the others a new verb means a new clause.
_REPORTING_VERBS = _word_set(
    """
    said says told tells added adds claimed claims insisted insists warned warns stated states
    explained explains believes believed felt feels thinks thought argued argues suggested
    suggests confirmed confirms revealed reveals wrote writes admitted admits acknowledged
    acknowledges conceded concedes agreed agrees stressed stresses emphasised emphasises
    emphasized noted notes announced announces concluded concludes reiterated reiterates
    promised promises vowed vows cautioned cautions insisted maintained maintains predicted
    predicts
    """
)


# Words before a quoted phrase that open a noun phrase: 'a "county lines" gang'.
_ARTICLES = _DETERMINERS | _POSSESSIVE_DETERMINERS | frozenset({"this", "these", "those"})


# Words that may follow speech woven into a sentence at once, ending its phrase: prepositions,
# conjunctions and words opening a clause ('was a "wake-up call" for the council').
_AFTER_A_PHRASE = _word_set(
    """
    of for and but or nor to in on at by with from that which who whom whose as than after
    before because since when where while whilst if unless though although yet so into onto
    over about across against among amid around between beyond during despite following
    through towards toward under until upon via within without including given like per
    not now then too again already still even just only also either
    """
)


# Beside a quoted phrase, these make it the name of something, not words someone said.
_NAMING_BEFORE = _word_set(
    """
    so-called dubbed named entitled titled nicknamed termed codenamed word words phrase term
    slogan motto sign banner hashtag operation op project campaign scheme initiative
    programme fund award awards
    """
)


_NAMING_AFTER = _word_set(
    """
    campaign scheme initiative project fund operation programme award awards app strategy
    report event festival appeal plan week day month service network partnership team unit
    project policy initiative badge pledge charter
    """
)


# Words that make a phrase before a verb more than its subject: "The court heard Prince".
_SUBJECT_WORDS = frozenset({"and", "&", "of", "for", "the", "a", "an", "at", "in"})


_STATEMENT_VERBS = _word_set("issued issues released releases published shared gave put sent")


_STATEMENT_NOUNS = _word_set(
    "statement statements update updates message response comment comments tribute appeal"
)


_FROM_LEAD = _word_set("and also a an the statement comment comments words message quote more")
