"""Load the charter signed on 9 November 2010: its five axes, their measures, the indicators
that follow each measure, its five signatories and the Label's location threshold.

The wording is the project's own, in French then English. Administrators edit it
afterwards in the admin; this migration only runs once on an empty database.
"""

import datetime

from django.db import migrations

SIGNED_ON = datetime.date(2010, 11, 9)

CHARTER = {
    "title": (
        "Charte de bonnes pratiques en vue de favoriser la création d'emplois dans les "
        "métiers de la relation client"
    ),
    "title_en": (
        "Charter of good practice to foster the creation of jobs in customer-relations professions"
    ),
    "short_title": "Charte de la relation client",
    "short_title_en": "Customer-relations charter",
    "summary": (
        "Signée par l'État, l'AFRC, le SP2C, la CFTC et la CFDT, la "
        "charte engage la profession à maintenir et à créer en France des emplois dans les "
        "centres de relation client, en misant sur la qualité du service rendu aux "
        "consommateurs.\n"
        "Elle s'articule en cinq axes : qualité de service, professionnalisation et "
        "responsabilité sociale, relations économiques durables entre donneurs d'ordre et "
        "prestataires, exemplarité de l'État acheteur, et un comité de suivi qui publie un "
        "palmarès et un baromètre de l'emploi."
    ),
    "summary_en": (
        "Signed by the French State, AFRC, SP2C, CFTC and CFDT, the "
        "charter commits the profession to keeping and creating customer-relations jobs in "
        "France, by relying on the quality of the service given to consumers.\n"
        "It has five axes: quality of service, professionalisation and social "
        "responsibility, sustainable economic relations between client companies and "
        "outsourcers, the State as an exemplary buyer, and a follow-up committee that "
        "publishes a ranking and an employment barometer."
    ),
}

# (acronym, name, name_en, college, representative, website)
SIGNATORIES = [
    (
        "État",
        "État, ministère chargé de l'emploi",
        "French State, ministry for employment",
        "public",
        "Secrétariat d'État chargé de l'emploi",
        "",
    ),
    (
        "AFRC",
        "Association Française de la Relation Client",
        "French Customer Relations Association",
        "employers",
        "",
        "",
    ),
    (
        "SP2C",
        "Syndicat des Professionnels des Centres de Contacts",
        "Trade body of contact-centre outsourcers",
        "employers",
        "",
        "",
    ),
    (
        "CFTC",
        "Confédération française des travailleurs chrétiens",
        "French Confederation of Christian Workers",
        "employees",
        "",
        "",
    ),
    (
        "CFDT",
        "Confédération française démocratique du travail",
        "French Democratic Confederation of Labour",
        "employees",
        "",
        "",
    ),
]

# Indicator: (code, label, label_en, value_type, unit, unit_en, direction, required, choices)
AXES = [
    {
        "number": 1,
        "title": "Qualité de service",
        "title_en": "Quality of service",
        "summary": (
            "Faire reconnaître la qualité du service rendu aux consommateurs par des "
            "certifications, et privilégier le contact humain."
        ),
        "summary_en": (
            "Have the quality of the service given to consumers recognised by "
            "certifications, and favour human contact."
        ),
        "description": (
            "Les entreprises de la relation client s'engagent à obtenir progressivement les "
            "normes de qualité du secteur (NF Service, devenue EN 15838 puis ISO 18295, "
            "ISO 9001, label) et à les conserver. La profession organise la communication "
            "sur ces certifications ; l'État étudie une tranche de numéros d'appel et une "
            "tarification propres. Pour privilégier l'échange avec un conseiller, les "
            "entreprises renoncent aux automates de prospection commerciale et réduisent "
            "le recours aux serveurs vocaux interactifs."
        ),
        "description_en": (
            "Customer-relations companies undertake to obtain the sector's quality "
            "standards step by step (NF Service, later EN 15838 then ISO 18295, ISO 9001, "
            "the label) and to keep them. The profession organises how these "
            "certifications are made known; the State studies a dedicated range of phone "
            "numbers and a specific tariff. To favour a conversation with an adviser, "
            "companies give up automated commercial prospecting dialers and keep "
            "interactive voice response to a minimum."
        ),
        "measures": [
            {
                "code": "1.1",
                "title": "Obtenir et conserver les certifications de qualité",
                "title_en": "Obtain and keep quality certifications",
                "description": (
                    "Détenir, puis maintenir en cours de validité, la certification NF "
                    "Service (NF 345, puis EN 15838 et ISO 18295-1/-2), la norme ISO 9001 "
                    "et le label de la profession."
                ),
                "description_en": (
                    "Hold, then keep valid, the NF Service certification (NF 345, later "
                    "EN 15838 and ISO 18295-1/-2), the ISO 9001 standard and the "
                    "profession's label."
                ),
                "bound": "companies",
                "indicators": [
                    (
                        "service_certification_held",
                        "Certification de service NF Service ou ISO 18295 en cours de validité",
                        "NF Service or ISO 18295 service certification currently valid",
                        "boolean",
                        "",
                        "",
                        "higher",
                        True,
                        "",
                    ),
                    (
                        "iso_9001_held",
                        "Certification ISO 9001 en cours de validité",
                        "ISO 9001 certification currently valid",
                        "boolean",
                        "",
                        "",
                        "higher",
                        True,
                        "",
                    ),
                    (
                        "lrs_label_held",
                        "Label de Responsabilité Sociale en cours de validité",
                        "Social Responsibility Label currently valid",
                        "boolean",
                        "",
                        "",
                        "higher",
                        True,
                        "",
                    ),
                    (
                        "certified_sites_share",
                        "Part des sites couverts par au moins une certification",
                        "Share of sites covered by at least one certification",
                        "percentage",
                        "%",
                        "%",
                        "higher",
                        False,
                        "",
                    ),
                ],
            },
            {
                "code": "1.2",
                "title": "Faire connaître les certifications détenues par les adhérents de l'AFRC",
                "title_en": "Make known the certifications held by AFRC members",
                "description": (
                    "Organiser, pour les entreprises membres de l'AFRC, la communication "
                    "auprès du public sur la détention des normes et du label."
                ),
                "description_en": (
                    "Organise, for AFRC member companies, how the public is told which "
                    "standards and label they hold."
                ),
                "bound": "signatory",
                "owner": "AFRC",
                "indicators": [
                    (
                        "afrc_communication_actions",
                        "Actions de communication menées sur les certifications",
                        "Communication actions on certifications",
                        "integer",
                        "actions",
                        "actions",
                        "higher",
                        True,
                        "",
                    ),
                ],
            },
            {
                "code": "1.3",
                "title": "Faire connaître les certifications détenues par les adhérents du SP2C",
                "title_en": "Make known the certifications held by SP2C members",
                "description": (
                    "Organiser, pour les prestataires membres du SP2C, la communication "
                    "auprès du public et des donneurs d'ordre sur la détention des normes "
                    "et du label."
                ),
                "description_en": (
                    "Organise, for SP2C member outsourcers, how the public and client "
                    "companies are told which standards and label they hold."
                ),
                "bound": "signatory",
                "owner": "SP2C",
                "indicators": [
                    (
                        "sp2c_communication_actions",
                        "Actions de communication menées sur les certifications",
                        "Communication actions on certifications",
                        "integer",
                        "actions",
                        "actions",
                        "higher",
                        True,
                        "",
                    ),
                ],
            },
            {
                "code": "1.4",
                "title": "Étudier une tranche de numéros d'appel et une tarification spécifiques",
                "title_en": "Study a dedicated range of phone numbers and a specific tariff",
                "description": (
                    "Mettre à l'étude une nouvelle tranche de numéros et une tarification "
                    "propres aux services clients certifiés."
                ),
                "description_en": (
                    "Study a new range of phone numbers and a tariff of their own for "
                    "certified customer services."
                ),
                "bound": "signatory",
                "owner": "État",
                "indicators": [
                    (
                        "number_range_study_stage",
                        "Avancement de l'étude",
                        "Stage of the study",
                        "choice",
                        "",
                        "",
                        "neutral",
                        True,
                        "not_started | Non engagée | Not started\nin_progress | En cours | In progress\nconcluded | Conclue | Concluded",
                    ),
                ],
            },
            {
                "code": "1.5",
                "title": "Renoncer aux automates de prospection commerciale",
                "title_en": "Give up automated commercial prospecting dialers",
                "description": (
                    "Ne plus recourir aux automates d'appel pour la prospection "
                    "commerciale, afin de privilégier le contact humain."
                ),
                "description_en": (
                    "Stop using automated dialers for commercial prospecting, to favour "
                    "human contact."
                ),
                "bound": "companies",
                "indicators": [
                    (
                        "automated_dialers_used",
                        "Des automates de prospection commerciale ont été utilisés pendant la période",
                        "Automated prospecting dialers were used during the period",
                        "boolean",
                        "",
                        "",
                        "lower",
                        True,
                        "",
                    ),
                ],
            },
            {
                "code": "1.6",
                "title": "Réduire le recours aux serveurs vocaux interactifs",
                "title_en": "Keep interactive voice response to a minimum",
                "description": (
                    "Limiter la part des appels traités par un serveur vocal interactif et "
                    "permettre de joindre rapidement un conseiller."
                ),
                "description_en": (
                    "Limit the share of calls handled by interactive voice response and let "
                    "callers reach an adviser quickly."
                ),
                "bound": "companies",
                "indicators": [
                    (
                        "ivr_answered_share",
                        "Part des appels entrants traités par un serveur vocal interactif sans conseiller",
                        "Share of incoming calls handled by interactive voice response with no adviser",
                        "percentage",
                        "%",
                        "%",
                        "lower",
                        True,
                        "",
                    ),
                    (
                        "ivr_menu_depth",
                        "Nombre moyen de niveaux de menu avant de joindre un conseiller",
                        "Average number of menu levels before reaching an adviser",
                        "decimal",
                        "niveaux",
                        "levels",
                        "lower",
                        False,
                        "",
                    ),
                ],
            },
        ],
    },
    {
        "number": 2,
        "title": "Professionnalisation et responsabilité sociale",
        "title_en": "Professionalisation and social responsibility",
        "summary": (
            "Former les salariés et localiser en France les emplois de la relation client."
        ),
        "summary_en": "Train employees and keep customer-relations jobs located in France.",
        "description": (
            "Les centres de contacts développent la formation de leurs salariés. L'objectif "
            "principal est de localiser l'emploi en France : pour obtenir le Label de "
            "Responsabilité Sociale, six emplois créés sur dix doivent être situés en "
            "France. Le seuil applicable dépend du type d'entreprise et de la période ; il "
            "est tenu à jour par le comité."
        ),
        "description_en": (
            "Contact centres develop the training of their employees. The main goal is to "
            "keep jobs located in France: to obtain the Social Responsibility Label, six "
            "jobs created out of ten must be in France. The threshold that applies depends "
            "on the kind of company and on the period; the committee keeps it up to date."
        ),
        "measures": [
            {
                "code": "2.1",
                "title": "Former les salariés de la relation client",
                "title_en": "Train customer-relations employees",
                "description": (
                    "Développer la formation initiale et continue des conseillers et de "
                    "l'encadrement."
                ),
                "description_en": (
                    "Develop initial and continuing training for advisers and their managers."
                ),
                "bound": "companies",
                "indicators": [
                    (
                        "training_hours",
                        "Heures de formation dispensées pendant la période",
                        "Training hours given during the period",
                        "integer",
                        "heures",
                        "hours",
                        "higher",
                        True,
                        "",
                    ),
                    (
                        "employees_trained",
                        "Salariés ayant suivi au moins une formation",
                        "Employees who took at least one training course",
                        "integer",
                        "salariés",
                        "employees",
                        "higher",
                        True,
                        "",
                    ),
                    (
                        "training_topics",
                        "Principaux thèmes de formation",
                        "Main training topics",
                        "text",
                        "",
                        "",
                        "neutral",
                        False,
                        "",
                    ),
                ],
            },
            {
                "code": "2.2",
                "title": "Localiser en France les emplois créés",
                "title_en": "Locate the jobs created in France",
                "description": (
                    "Créer en France au moins la part des emplois fixée par le seuil en "
                    "vigueur pour son type d'entreprise (six emplois sur dix pour le Label "
                    "de Responsabilité Sociale)."
                ),
                "description_en": (
                    "Create in France at least the share of jobs set by the threshold in "
                    "force for one's kind of company (six jobs out of ten for the Social "
                    "Responsibility Label)."
                ),
                "bound": "companies",
                "indicators": [
                    (
                        "jobs_created_total",
                        "Emplois créés pendant la période, en France et hors de France",
                        "Jobs created during the period, in and outside France",
                        "integer",
                        "emplois",
                        "jobs",
                        "higher",
                        True,
                        "",
                    ),
                    (
                        "jobs_created_france",
                        "Dont emplois créés en France",
                        "Of which jobs created in France",
                        "integer",
                        "emplois",
                        "jobs",
                        "higher",
                        True,
                        "",
                    ),
                    (
                        "headcount_france",
                        "Effectif en France à la fin de la période",
                        "Headcount in France at the end of the period",
                        "integer",
                        "salariés",
                        "employees",
                        "higher",
                        True,
                        "",
                    ),
                    (
                        "headcount_abroad",
                        "Effectif hors de France à la fin de la période",
                        "Headcount outside France at the end of the period",
                        "integer",
                        "salariés",
                        "employees",
                        "neutral",
                        True,
                        "",
                    ),
                ],
            },
        ],
    },
    {
        "number": 3,
        "title": "Relations économiques durables entre donneurs d'ordre et prestataires",
        "title_en": "Sustainable economic relations between client companies and outsourcers",
        "summary": (
            "Construire des contrats de prestation équilibrés, qui permettent aux "
            "prestataires de se développer de façon responsable."
        ),
        "summary_en": ("Build balanced service contracts that let outsourcers grow responsibly."),
        "description": (
            "Un document de travail, attendu avant l'été 2011, décrit les pratiques d'un "
            "développement responsable et durable des services clients. Elles protègent les "
            "prestataires des contraintes que leur imposent les contrats : participer aux "
            "charges que le contrat exige, garantir des minima de facturation, intégrer aux "
            "prix les facteurs externes qui pèsent sur les coûts, ne plus exiger de remises "
            "rétroactives de fin d'année. Les deux parties d'un contrat peuvent en attester."
        ),
        "description_en": (
            "A working paper, due before summer 2011, sets out the practices of a "
            "responsible and sustainable growth of customer services. They protect "
            "outsourcers from the constraints contracts put on them: contributing to the "
            "costs the contract requires, guaranteeing billing minima, passing external "
            "cost factors into prices, no longer demanding retroactive end-of-year "
            "discounts. Both parties to a contract can attest to them."
        ),
        "measures": [
            {
                "code": "3.1",
                "title": "Rédiger le document de travail sur les relations durables",
                "title_en": "Write the working paper on sustainable relations",
                "description": (
                    "Établir, avant l'été 2011, le document de travail des signataires sur "
                    "les relations entre donneurs d'ordre et prestataires."
                ),
                "description_en": (
                    "Draw up, before summer 2011, the signatories' working paper on "
                    "relations between client companies and outsourcers."
                ),
                "bound": "committee",
                "indicators": [
                    (
                        "working_paper_published_on",
                        "Date de publication du document de travail",
                        "Date the working paper was published",
                        "date",
                        "",
                        "",
                        "neutral",
                        False,
                        "",
                    ),
                ],
            },
            {
                "code": "3.2",
                "title": "Contribuer aux charges nécessaires à l'exécution du contrat",
                "title_en": "Contribute to the costs the contract requires",
                "description": (
                    "Prendre en charge, dans le prix ou à part, les investissements et "
                    "charges indispensables à la réalisation de la prestation (formation "
                    "au produit, outils, installations dédiées)."
                ),
                "description_en": (
                    "Pay, in the price or apart, for the investments and costs the service "
                    "cannot be delivered without (product training, tools, dedicated "
                    "facilities)."
                ),
                "bound": "companies",
                "indicators": [
                    (
                        "contract_costs_shared_share",
                        "Part des contrats où les charges nécessaires sont financées par le donneur d'ordre",
                        "Share of contracts in which the client company funds the required costs",
                        "percentage",
                        "%",
                        "%",
                        "higher",
                        False,
                        "",
                    ),
                ],
            },
            {
                "code": "3.3",
                "title": "Garantir des minima de facturation",
                "title_en": "Guarantee billing minima",
                "description": (
                    "Prévoir dans les contrats un volume ou un montant minimal facturé, "
                    "qui sécurise l'emploi chez le prestataire."
                ),
                "description_en": (
                    "Provide in contracts a minimum volume or amount billed, which secures "
                    "the outsourcer's jobs."
                ),
                "bound": "companies",
                "indicators": [
                    (
                        "billing_minimum_share",
                        "Part des contrats comportant un minimum de facturation",
                        "Share of contracts with a billing minimum",
                        "percentage",
                        "%",
                        "%",
                        "higher",
                        False,
                        "",
                    ),
                ],
            },
            {
                "code": "3.4",
                "title": "Faire suivre aux prix les facteurs externes de coûts",
                "title_en": "Let prices follow external cost factors",
                "description": (
                    "Réviser les prix d'achat selon les facteurs externes qui pèsent sur les "
                    "coûts du prestataire (salaires conventionnels, charges sociales)."
                ),
                "description_en": (
                    "Revise purchase prices with the external factors that weigh on the "
                    "outsourcer's costs (collectively agreed wages, social charges)."
                ),
                "bound": "companies",
                "indicators": [
                    (
                        "price_review_clause_share",
                        "Part des contrats comportant une clause de révision des prix",
                        "Share of contracts with a price review clause",
                        "percentage",
                        "%",
                        "%",
                        "higher",
                        False,
                        "",
                    ),
                ],
            },
            {
                "code": "3.5",
                "title": "Renoncer aux remises rétroactives de fin d'année",
                "title_en": "Give up retroactive end-of-year discounts",
                "description": (
                    "Ne plus demander ni accorder de remises rétroactives en fin d'année "
                    "sur les prestations déjà réalisées."
                ),
                "description_en": (
                    "No longer ask for or grant retroactive end-of-year discounts on "
                    "services already delivered."
                ),
                "bound": "companies",
                "indicators": [
                    (
                        "retroactive_discounts_asked",
                        "Des remises rétroactives de fin d'année ont été demandées ou accordées pendant la période",
                        "Retroactive end-of-year discounts were asked for or granted during the period",
                        "boolean",
                        "",
                        "",
                        "lower",
                        True,
                        "",
                    ),
                ],
            },
        ],
    },
    {
        "number": 4,
        "title": "L'État acheteur exemplaire",
        "title_en": "The State as an exemplary buyer",
        "summary": (
            "Les services publics confient leur relation client à des prestataires "
            "titulaires du Label de Responsabilité Sociale."
        ),
        "summary_en": (
            "Public services entrust their customer relations to outsourcers that hold the "
            "Social Responsibility Label."
        ),
        "description": (
            "En signant la charte, l'État rappelle l'obligation faite aux services publics "
            "de recourir à des prestataires disposant du Label de Responsabilité Sociale. "
            "Le suivi porte sur chaque marché public : acheteur, prestataire, date "
            "d'attribution et détention du label à cette date."
        ),
        "description_en": (
            "By signing the charter, the State recalls that public services must use "
            "outsourcers that hold the Social Responsibility Label. Each public contract "
            "is followed: buyer, outsourcer, award date, and whether the outsourcer held "
            "the label on that date."
        ),
        "measures": [
            {
                "code": "4.1",
                "title": "Attribuer les marchés publics de relation client à des prestataires labellisés",
                "title_en": "Award public customer-relations contracts to labelled outsourcers",
                "description": (
                    "Exiger le Label de Responsabilité Sociale des prestataires retenus par "
                    "les services publics pour leur relation client."
                ),
                "description_en": (
                    "Require the Social Responsibility Label from the outsourcers that "
                    "public services choose for their customer relations."
                ),
                "bound": "signatory",
                "owner": "État",
                "indicators": [
                    (
                        "public_contracts_awarded",
                        "Marchés publics de relation client attribués pendant la période",
                        "Public customer-relations contracts awarded during the period",
                        "integer",
                        "marchés",
                        "contracts",
                        "neutral",
                        True,
                        "",
                    ),
                    (
                        "public_contracts_labelled",
                        "Dont marchés attribués à un prestataire labellisé à la date d'attribution",
                        "Of which contracts awarded to an outsourcer labelled on the award date",
                        "integer",
                        "marchés",
                        "contracts",
                        "higher",
                        True,
                        "",
                    ),
                ],
            },
        ],
    },
    {
        "number": 5,
        "title": "Comité de suivi",
        "title_en": "Follow-up committee",
        "summary": (
            "Suivre la mise en œuvre de la charte, publier le palmarès de la responsabilité "
            "sociale et le baromètre Emploi."
        ),
        "summary_en": (
            "Follow how the charter is carried out, publish the social-responsibility "
            "ranking and the employment barometer."
        ),
        "description": (
            "Les signataires installent un comité de suivi qui conduit les chantiers "
            "économiques et sociaux, suit la mise en œuvre des mesures et publie chaque "
            "année un palmarès des entreprises de la relation client les plus socialement "
            "responsables ainsi qu'un baromètre de l'emploi de la profession."
        ),
        "description_en": (
            "The signatories set up a follow-up committee that runs the economic and "
            "social work streams, follows how the measures are carried out and publishes "
            "every year a ranking of the most socially responsible customer-relations "
            "companies and an employment barometer of the profession."
        ),
        "measures": [
            {
                "code": "5.1",
                "title": "Réunir le comité et conduire les chantiers économiques et sociaux",
                "title_en": "Convene the committee and run the economic and social work streams",
                "description": (
                    "Réunir régulièrement les représentants des cinq signataires et suivre "
                    "la mise en œuvre de chaque mesure."
                ),
                "description_en": (
                    "Bring the representatives of the five signatories together regularly "
                    "and follow how each measure is carried out."
                ),
                "bound": "committee",
                "indicators": [
                    (
                        "committee_meetings",
                        "Réunions du comité pendant la période",
                        "Committee meetings during the period",
                        "integer",
                        "réunions",
                        "meetings",
                        "higher",
                        True,
                        "",
                    ),
                ],
            },
            {
                "code": "5.2",
                "title": "Publier le palmarès de la responsabilité sociale",
                "title_en": "Publish the social-responsibility ranking",
                "description": (
                    "Classer, selon une méthode publiée, les entreprises de la relation "
                    "client aux pratiques les plus socialement responsables."
                ),
                "description_en": (
                    "Rank, by a published method, the customer-relations companies with "
                    "the most socially responsible practices."
                ),
                "bound": "committee",
                "indicators": [
                    (
                        "ranking_published_on",
                        "Date de publication du palmarès",
                        "Date the ranking was published",
                        "date",
                        "",
                        "",
                        "neutral",
                        False,
                        "",
                    ),
                ],
            },
            {
                "code": "5.3",
                "title": "Publier le baromètre Emploi de la profession",
                "title_en": "Publish the profession's employment barometer",
                "description": (
                    "Publier les emplois créés et leur localisation, par type d'entreprise "
                    "et par fédération."
                ),
                "description_en": (
                    "Publish the jobs created and where they are, by kind of company and "
                    "by federation."
                ),
                "bound": "committee",
                "indicators": [
                    (
                        "barometer_published_on",
                        "Date de publication du baromètre",
                        "Date the barometer was published",
                        "date",
                        "",
                        "",
                        "neutral",
                        False,
                        "",
                    ),
                ],
            },
        ],
    },
]

THRESHOLD_SOURCE = (
    "Label de Responsabilité Sociale rappelé par la charte du 9 novembre 2010 : six emplois "
    "créés sur dix localisés en France"
)
COMPANY_KINDS = ["client", "in_house", "outsourcer"]


def load_charter(apps, schema_editor):
    Charter = apps.get_model("charter", "Charter")
    Axis = apps.get_model("charter", "Axis")
    Measure = apps.get_model("charter", "Measure")
    Indicator = apps.get_model("charter", "Indicator")
    Signatory = apps.get_model("signatories", "Signatory")
    LocationThreshold = apps.get_model("signatories", "LocationThreshold")

    charter = Charter.objects.create(signed_on=SIGNED_ON, **CHARTER)
    signatories = {}
    for position, (acronym, name, name_en, college, representative, website) in enumerate(
        SIGNATORIES, start=1
    ):
        signatories[acronym] = Signatory.objects.create(
            charter=charter,
            acronym=acronym,
            name=name,
            name_en=name_en,
            college=college,
            signed_on=SIGNED_ON,
            representative=representative,
            website=website,
            position=position,
        )
    for axis_data in AXES:
        axis_fields = {k: v for k, v in axis_data.items() if k != "measures"}
        axis = Axis.objects.create(charter=charter, **axis_fields)
        for measure_data in axis_data["measures"]:
            fields = {k: v for k, v in measure_data.items() if k not in ("indicators", "owner")}
            owner = signatories.get(measure_data.get("owner", ""))
            measure = Measure.objects.create(axis=axis, owner=owner, **fields)
            for position, row in enumerate(measure_data["indicators"], start=1):
                code, label, label_en, value_type, unit, unit_en, direction, required, choices = row
                Indicator.objects.create(
                    measure=measure,
                    code=code,
                    label=label,
                    label_en=label_en,
                    value_type=value_type,
                    unit=unit,
                    unit_en=unit_en,
                    direction=direction,
                    required=required,
                    choices=choices,
                    position=position,
                )
    for kind in COMPANY_KINDS:
        LocationThreshold.objects.create(
            company_kind=kind,
            min_share_france=60,
            valid_from=SIGNED_ON,
            source=THRESHOLD_SOURCE,
        )


def unload_charter(apps, schema_editor):
    """Remove what load_charter made, newest first, so a migration back leaves no trace."""
    for app_label, model in [
        ("signatories", "LocationThreshold"),
        ("charter", "Indicator"),
        ("charter", "Measure"),
        ("charter", "Axis"),
        ("signatories", "Signatory"),
        ("charter", "Charter"),
    ]:
        apps.get_model(app_label, model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("charter", "0002_initial"),
        ("signatories", "0001_initial"),
    ]

    operations = [migrations.RunPython(load_charter, unload_charter)]
