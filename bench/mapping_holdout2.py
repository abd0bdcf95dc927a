"""A second held-out hand-written part of the name-matching evaluation (part "holdout2").

The fresh part (bench/mapping_fresh.py) is being used to fix the matcher on its known failures, so
it can no longer state honest final figures either. These families were written afterwards, for
that purpose only, by someone who did not read services/mapping/names.py, its unit tests, the
families of bench/mapping_adversarial.py or of bench/mapping_fresh.py, and who ran no bench: from
how NZ, AU and UK organisations are named and how vendors (Xero partner bills, Dext, Hubdoc, Syft,
Microsoft 365 CSP, Adobe, ApprovalMax, Karbon, Practice Ignition, Fathom, Futrli, Spotlight,
WorkflowMax, Deputy, Employment Hero, Tanda, Float, LodgeiT, Class Super, BGL...) print a client
on a per-client bill line. Nobody tunes on this part: it is run once, at the end.

Same format as bench/mapping_adversarial.py:

    ## family name
    + Contact Name             a client of the firm (joins the contact list for this part only)
    line => Contact Name       the text determines the client: an automatic match is expected
    line ~> Contact Name       that client, but the text alone cannot tell: asking is right
    line => -                  names no client of the firm (another entity, a plan, a fee)

The firm itself is Bright Accountants Ltd (not one of its own contacts).

Labelling rules (the fresh part's, so that the parts are comparable):
- A missing, cut or differently written legal form (Ltd, Limited, Limit, Limi…, Lt, Pty Ltd, P/L,
  Pty. Ltd., LLP, CIC / Community Interest Company) is the same entity; so are case, accents,
  macrons written as double vowels, "&"/"and", apostrophes and hyphens, "The Trustee for", "Trustees
  of", "<trustee company> ATF/as trustee for <the trust>" when the trustee company is not itself a
  client, a word joined or split ("Tea Rooms"), the standard short forms of countries and states
  (NZ, N.Z., AU, NSW), an "ACN" label before a company's number (with or without its spaces), a
  "t/a <trading name>" after the legal name, an email or domain beside the full name, the firm's
  own name beside a client's, and the vendor's labels, plans, periods, ids and amounts around the
  name.
- A year, a number, a country or state, an entity kind (Trust, Unit Trust, Family Trust, Super
  Fund, Holdings, Group, Partnership, & Co...) or any other word that the client's name lacks or
  has names another entity: `=> -` unless the line is obviously that client (then `~>`).
- A cut-off name, a one-letter slip that spells no other real name, another abbreviation (Bros,
  Co for Company, Super for Superannuation, SMSF, Pk, Physio), a trading name or domain alone, an
  acronym, a location in brackets, or a line naming two clients: `~>` (a person should be asked),
  even when only one client could fit. A one-letter difference that spells another real name
  (Hennessey, Kendell, Rotoiti) is another organisation: `=> -`.
- When two clients differ only by their legal form (... Ltd and ... Pty Ltd, ... Ltd and ... LLP),
  a line carrying "Pty", "P/L" or "LLP" names that one; a line without it is asked (`~>`).
"""

from __future__ import annotations

HOLDOUT2 = """
## vineyard, its (2016) company and the holding company
+ Matakana Ridge Vineyard Ltd
+ Matakana Ridge Vineyard (2016) Ltd
+ Matakana Ridge Holdings Ltd
Matakana Ridge Vineyard Ltd — Xero Standard — 65.00 => Matakana Ridge Vineyard Ltd
Matakana Ridge Vineyard (2016) Limited | Premium => Matakana Ridge Vineyard (2016) Ltd
MATAKANA RIDGE VINEYARD 2016 LTD => Matakana Ridge Vineyard (2016) Ltd
Dext Prepare — Matakana Ridge Vineyard — Monthly => Matakana Ridge Vineyard Ltd
Matakana Ridge Vineyard (Oct 2026) => Matakana Ridge Vineyard Ltd
Matakana Ridge Holdings Limited — Cashbook => Matakana Ridge Holdings Ltd
Org: Matakana Ridge Holdings | Ledger => Matakana Ridge Holdings Ltd
Matakana Ridge Vineyard (20… ~> Matakana Ridge Vineyard (2016) Ltd
Matakana Ridge Vin… ~> Matakana Ridge Vineyard Ltd
Fathom group: Matakana Ridge Holdings Ltd + Matakana Ridge Vineyard (2016) Ltd ~> Matakana Ridge Holdings Ltd
Matakana Ridge Vineyard (2021) Ltd — Standard => -
Matakana Ridge Vineyard Holdings Ltd => -
Matakana Ridge Olive Grove Ltd — Starter => -
Matakana Ridge Family Trust | Cashbook => -
Matakana Ridge Vineyard Limited — Payroll => Matakana Ridge Vineyard Ltd
matakana ridge vineyard (2016) ltd · Standard · 3 seats => Matakana Ridge Vineyard (2016) Ltd
Matakana Ridge — Standard ~> Matakana Ridge Holdings Ltd

## numbered NZ companies with transposed digits
+ 8841273 Ltd
+ 8841237 Ltd
8841273 Limited — Xero Starter => 8841273 Ltd
8841237 LTD | Standard | NZD 35.00 => 8841237 Ltd
Client: 8841273 Ltd | 12 items => 8841273 Ltd
Hubdoc - 8841237 Limited - 2 users => 8841237 Ltd
8841237 Lt — Ledger => 8841237 Ltd
884127… ~> 8841273 Ltd
88412… ~> 8841237 Ltd
8841273 Holdings Ltd — Premium => -
8841372 Ltd — Standard => -
8841273 Trust — Cashbook => -
8814273 Limited => -
[ORG-1193] 8841273 Ltd — Standard => 8841273 Ltd

## ACN-named Pty companies
+ 618 402 775 Pty Ltd
+ 618 402 757 Pty Ltd
+ Mudgee Stockfeeds Pty Ltd
ACN 618 402 775 Pty Ltd — Xero Grow (AU) => 618 402 775 Pty Ltd
618402775 PTY LTD => 618 402 775 Pty Ltd
A.C.N. 618 402 757 P/L | Standard => 618 402 757 Pty Ltd
618 402 757 Pty. Ltd. — Xero Ledger — 0.00 => 618 402 757 Pty Ltd
Mudgee Stockfeeds P/L — Premium => Mudgee Stockfeeds Pty Ltd
Mudgee Stockfeeds Pty Ltd (ACN 160 733 918) — Standard => Mudgee Stockfeeds Pty Ltd
618 402 757 Pty Ltd ATF Mudgee Stockfeeds Unit Trust ~> 618 402 757 Pty Ltd
618 402 7… ~> 618 402 775 Pty Ltd
618 402 577 Pty Ltd — Standard => -
Mudgee Stockfeeds Holdings Pty Ltd => -
Mudgee Stock & Station Agents Pty Ltd => -
ACN 618 402 775 — LodgeiT — annual return => 618 402 775 Pty Ltd

## ATF lines when only the trust is a client
+ The Trustee for the Currawong Family Trust
Currawong Nominees Pty Ltd ATF Currawong Family Trust — Standard => The Trustee for the Currawong Family Trust
THE TRUSTEE FOR CURRAWONG FAMILY TRUST | Premium => The Trustee for the Currawong Family Trust
Currawong Family Trust — Xero Standard (AU) => The Trustee for the Currawong Family Trust
Currawong Nominees Pty Ltd as trustee for Currawong Family Trust => The Trustee for the Currawong Family Trust
Currawong Family Trust (ABN 42 118 902 337) — Cashbook => The Trustee for the Currawong Family Trust
Currawong Unit Trust — Standard => -
Currawong Nominees Pty Ltd — Starter => -
Currawong Superannuation Fund — Class Super => -
The Trustee for the Currawong Discretionary Trust => -
Currawong Nominees P/L ATF The Currawong Family Trust => The Trustee for the Currawong Family Trust

## ATF lines when the trustee company is a client too
+ Jarrah Creek Pty Ltd
+ The Trustee for the Jarrah Creek Trust
Jarrah Creek Pty Ltd ATF Jarrah Creek Trust ~> The Trustee for the Jarrah Creek Trust
Jarrah Creek Pty Ltd — Xero Grow => Jarrah Creek Pty Ltd
Jarrah Creek P/L — Payroll => Jarrah Creek Pty Ltd
Jarrah Creek Trust | Standard => The Trustee for the Jarrah Creek Trust
The Trustee for JARRAH CREEK TRUST — Ledger => The Trustee for the Jarrah Creek Trust
Jarrah Creek — Dext Prepare ~> Jarrah Creek Pty Ltd
Jarrah Creek Unit Trust => -
Jarrah Creek Investments Pty Ltd => -
JARRAH CREEK PTY LTD | Premium => Jarrah Creek Pty Ltd

## a super fund and its trustee company
+ The Trustee for Kestrel Hill Superannuation Fund
+ Kestrel Hill Pty Ltd
Kestrel Hill Superannuation Fund — Class Super => The Trustee for Kestrel Hill Superannuation Fund
The Trustee for KESTREL HILL SUPERANNUATION FUND | BGL => The Trustee for Kestrel Hill Superannuation Fund
Kestrel Hill Super Fund — Class Super ~> The Trustee for Kestrel Hill Superannuation Fund
Kestrel Hill SMSF — BGL ~> The Trustee for Kestrel Hill Superannuation Fund
Kestrel Hill P/L ATF Kestrel Hill Superannuation Fund ~> The Trustee for Kestrel Hill Superannuation Fund
Kestrel Hill Pty Ltd — Xero Standard (AU) => Kestrel Hill Pty Ltd
Kestrel Hill P/L => Kestrel Hill Pty Ltd
Kestrel Hill Family Trust — Standard => -
Kestrel Hill Staff Superannuation Fund => -
Kestrel Ridge Superannuation Fund — Class Super => -
Kestrel Hill Superannuation Fund (ABN 71 402 118 663) => The Trustee for Kestrel Hill Superannuation Fund

## a UK LLP and its service company
+ Ashcombe & Pryor LLP
+ Ashcombe & Pryor Ltd
Ashcombe & Pryor LLP — Microsoft 365 Business Premium — 14 users => Ashcombe & Pryor LLP
Ashcombe and Pryor LLP | Adobe Acrobat Pro DC => Ashcombe & Pryor LLP
ASHCOMBE & PRYOR LIMITED — Xero Standard (UK) => Ashcombe & Pryor Ltd
Ashcombe & Pryor Ltd — Payroll => Ashcombe & Pryor Ltd
Ashcombe Pryor LLP — Dext Prepare => Ashcombe & Pryor LLP
Ashcombe & Pryor — Dext Prepare ~> Ashcombe & Pryor LLP
Ashcombe & Pyror LLP ~> Ashcombe & Pryor LLP
Ashcombe & Pryor Trustees Ltd => -
Ashcombe & Pryer LLP => -
Ashcombe & Pryor Wealth LLP => -
Ashcombe & Pryor LLP (Standard) — £30.00 => Ashcombe & Pryor LLP

## a UK community interest company
+ Calder Valley Food Larder CIC
Calder Valley Food Larder CIC — Xero Starter (UK) => Calder Valley Food Larder CIC
Calder Valley Food Larder Community Interest Company => Calder Valley Food Larder CIC
Calder Valley Food Larder — Adobe Express => Calder Valley Food Larder CIC
CALDER VALLEY FOOD LARDER C.I.C. | Starter => Calder Valley Food Larder CIC
Calder Valley Food Larder Trust — Starter => -
Calder Valley Foodbank CIC => -
Calder Valley Community Larder CIC => -
Calder Valley Food Lard… ~> Calder Valley Food Larder CIC

## near-twin surnames, both clients
+ Clarke Earthmoving Ltd
+ Clark Earthmoving Ltd
Clarke Earthmoving Ltd — Xero Standard => Clarke Earthmoving Ltd
CLARK EARTHMOVING LIMITED | Payroll add-on => Clark Earthmoving Ltd
Clarke Earthmoving — Deputy — 9 users => Clarke Earthmoving Ltd
Deputy - Clark Earthmoving - 4 users => Clark Earthmoving Ltd
clark earthmoving ltd => Clark Earthmoving Ltd
Clarkes Earthmoving Ltd ~> Clarke Earthmoving Ltd
Clarke Earthmoving (2012) Ltd => -
Clarke Earthworks Ltd => -
Clark Earthmoving Group Ltd => -
Clerke Earthmoving Ltd => -
Clarke Earthmoving Ltd [ID 20931] => Clarke Earthmoving Ltd
Xero Payroll — Clark Earthmoving Ltd — 6 employees => Clark Earthmoving Ltd

## near-twin place and surname, both clients
+ Kendal Joinery Ltd
+ Kendall Joinery Ltd
Kendal Joinery Ltd — Xero Standard (UK) => Kendal Joinery Ltd
Kendall Joinery Limited | Standard | GBP 30.00 => Kendall Joinery Ltd
KENDAL JOINERY => Kendal Joinery Ltd
Org: Kendall Joinery | Premium => Kendall Joinery Ltd
Kendal Joinery & Kitchens Ltd => -
Kendell Joinery Ltd => -
Kendal Joinery (Cumbria) Ltd => -
Kendall Joinery Holdings Ltd => -
Kendall Joinery Ltd — Oct 2026 => Kendall Joinery Ltd

## a plan word that starts a client's name, and the shorter client
+ Lite Bites Café Ltd
+ Bites Café Ltd
Lite Bites Café Ltd — Lite => Lite Bites Café Ltd
Lite Bites Cafe | Lite | NZD 12.00 => Lite Bites Café Ltd
Bites Café Ltd — Lite — 12.00 => Bites Café Ltd
Xero Lite — Bites Cafe => Bites Café Ltd
Xero Lite — Lite Bites Café => Lite Bites Café Ltd
Lite Bites Café (Lite plan) => Lite Bites Café Ltd
LITE BITES CAFE LIMITED — Standard => Lite Bites Café Ltd
Lite — Bites Café ~> Bites Café Ltd
Bites Café & Bar Ltd => -
Lite Bites Catering Ltd => -

## a plan word in a client's name, no shorter client
+ Standard Gauge Rail Tours Ltd
Standard Gauge Rail Tours Ltd — Xero Standard — 65.00 => Standard Gauge Rail Tours Ltd
Xero Premium — Standard Gauge Rail Tours => Standard Gauge Rail Tours Ltd
Standard — Standard Gauge Rail Tours Ltd => Standard Gauge Rail Tours Ltd
Standard Gauge Rail Tours (Standard) => Standard Gauge Rail Tours Ltd
STANDARD GAUGE RAIL TOURS LIMITED — Premium => Standard Gauge Rail Tours Ltd
Standard Gauge Rail Tours Co Ltd ~> Standard Gauge Rail Tours Ltd
Gauge Rail Tours Ltd => -
Standard Rail Tours Ltd => -

## Payroll as a word of a client's name
+ Payroll Partners Waikato Ltd
Payroll Partners Waikato Ltd — Xero Payroll add-on => Payroll Partners Waikato Ltd
Xero Payroll — Payroll Partners Waikato — 22 employees => Payroll Partners Waikato Ltd
Payroll Partners Waikato (Standard + Payroll) => Payroll Partners Waikato Ltd
Payroll add-on — 22 employees => -
Payroll Partners Bay of Plenty Ltd => -
Payroll Partners Ltd => -
Payroll — Partners Waikato ~> Payroll Partners Waikato Ltd
Client: Payroll Partners Waikato Ltd | 30 items => Payroll Partners Waikato Ltd

## Grow as a word of a client's name
+ Grow Kaipara Trust
Xero Grow — Grow Kaipara Trust => Grow Kaipara Trust
Grow — Grow Kaipara ~> Grow Kaipara Trust
GROW KAIPARA TRUST | Grow | NZD 35.00 => Grow Kaipara Trust
Grow Kaipara Charitable Trust — Grow ~> Grow Kaipara Trust
Grow Kaipara Ltd => -
Grow Northland Trust — Grow => -
Xero Grow — 1 organisation => -

## truncated lines with a longer sibling
+ Whitianga Marine & Outboard Ltd
+ Whitianga Marine Ltd
Whitianga Marine & Outboard Ltd — Standard => Whitianga Marine & Outboard Ltd
Whitianga Marine Ltd — Standard => Whitianga Marine Ltd
Whitianga Marine and Outboard => Whitianga Marine & Outboard Ltd
Whitianga Marine & Outboard Limit => Whitianga Marine & Outboard Ltd
Whitianga Marine Lt => Whitianga Marine Ltd
Whitianga Marine & Outb… ~> Whitianga Marine & Outboard Ltd
Whitianga Marine &… ~> Whitianga Marine & Outboard Ltd
Whitianga Marine… ~> Whitianga Marine Ltd
Whitianga Marine Services Ltd => -
Whitianga Outboard Ltd => -
Whitianga Marine & Outboard (2007) Ltd => -
WHITIANGA MARINE LIMITED — Payroll => Whitianga Marine Ltd

## macrons and double vowels
+ Māpua Wharf Pilates Ltd
+ Ōkārito Lagoon Holiday Park Ltd
Maapua Wharf Pilates Ltd — Xero Standard => Māpua Wharf Pilates Ltd
MAPUA WHARF PILATES LIMITED => Māpua Wharf Pilates Ltd
Māpua Wharf Pilates — Deputy — 6 users => Māpua Wharf Pilates Ltd
Ookaarito Lagoon Holiday Park => Ōkārito Lagoon Holiday Park Ltd
Okarito Lagoon Holiday Park Ltd | Standard => Ōkārito Lagoon Holiday Park Ltd
ŌKĀRITO LAGOON HOLIDAY PARK — Premium => Ōkārito Lagoon Holiday Park Ltd
Ōkārito Lagoon Holiday Pk ~> Ōkārito Lagoon Holiday Park Ltd
Mapua Wharf Yoga Ltd => -
Māpua Wharf Pilates & Physio Ltd => -
Ōkārito Lagoon Motel Ltd => -
Ōkārito Beach Holiday Park Ltd => -
Māpua Wharf Pilates Lt => Māpua Wharf Pilates Ltd

## The Trustee for, in capitals, with a Māori word
+ The Trustee for the Pirini Tūpuna Trust
The Trustee for THE PIRINI TUPUNA TRUST => The Trustee for the Pirini Tūpuna Trust
Pirini Tuupuna Trust — Xero Cashbook => The Trustee for the Pirini Tūpuna Trust
PIRINI TŪPUNA TRUST | Cashbook => The Trustee for the Pirini Tūpuna Trust
Trustees of the Pirini Tūpuna Trust — Ledger => The Trustee for the Pirini Tūpuna Trust
Pirini Tūpuna Ahu Whenua Trust => -
Pirini Holdings Ltd => -
Pirini Tūpuna Trust Board => -
Pirini Tupun… ~> The Trustee for the Pirini Tūpuna Trust

## an NZ Ltd and an AU Pty Ltd twin
+ Tuatara Drilling Ltd
+ Tuatara Drilling Pty Ltd
Tuatara Drilling Pty Ltd — Xero Grow (AU) => Tuatara Drilling Pty Ltd
Tuatara Drilling P/L => Tuatara Drilling Pty Ltd
TUATARA DRILLING PTY. LTD. => Tuatara Drilling Pty Ltd
Tuatara Drilling Pty Lt => Tuatara Drilling Pty Ltd
Tuatara Drilling Limited — Standard (NZ) ~> Tuatara Drilling Ltd
Tuatara Drilling Ltd | Payroll ~> Tuatara Drilling Ltd
Tuatara Drilling — Dext Prepare ~> Tuatara Drilling Ltd
Tuatara Drillers Ltd => -
Tuatara Drilling Services Pty Ltd => -
Tuatara Drilling Pty Limited — Premium => Tuatara Drilling Pty Ltd

## emails and domains beside names
+ Kererū Joinery Ltd
+ Harakeke Studio Ltd
Kererū Joinery Ltd <accounts@kererujoinery.co.nz> => Kererū Joinery Ltd
accounts@kererujoinery.co.nz — Kererū Joinery — Standard => Kererū Joinery Ltd
Kereru Joinery (billing@kererujoinery.co.nz) => Kererū Joinery Ltd
Harakeke Studio Ltd — Adobe Creative Cloud All Apps — admin@harakeke.studio => Harakeke Studio Ltd
kererujoinery.co.nz | Standard ~> Kererū Joinery Ltd
admin@harakeke.studio — Adobe Creative Cloud — 3 seats ~> Harakeke Studio Ltd
Harakeke Design Studio Ltd => -
info@harakekeweaving.co.nz — Standard => -
Kererū Joinery & Stairs Ltd => -
accounts@brightaccountants.co.nz — Partner plan => -
Harakeke Studio Limited — Adobe Acrobat Pro — 1 seat => Harakeke Studio Ltd
Kererū Joinery — Dext Prepare — 88 items => Kererū Joinery Ltd

## the firm's own name on the line
+ Rewiti Orchards Ltd
+ Catchpole Tiling Ltd
Bright Accountants Ltd — Xero Partner — Rewiti Orchards Ltd => Rewiti Orchards Ltd
Billed to Bright Accountants Ltd for Catchpole Tiling Ltd => Catchpole Tiling Ltd
Bright Accountants Ltd (Partner) | Catchpole Tiling | Standard => Catchpole Tiling Ltd
Rewiti Orchards via Bright Accountants => Rewiti Orchards Ltd
Rewiti Orchards Ltd (!kT92xw) — Standard => Rewiti Orchards Ltd
Bright Accountants Ltd — Partner plan — Ledger => -
Bright Accountants — Xero Practice Manager — 8 users => -
Bright Accountants Ltd => -
Bright Accountants Trust Account — Cashbook => -
Catchpole Tiling & Bathrooms Ltd => -
Rewiti Orchard Holdings Ltd => -
REWITI ORCHARDS LIMITED — Xero Standard => Rewiti Orchards Ltd

## vendor fees and totals on a partner bill
Xero Partner Program — Silver — monthly fee => -
Dext Partner plan — 40 client accounts => -
Practice Ignition — Pro plan — 3 users => -
Karbon — Team plan — 6 seats => -
Fathom Advisor — unlimited companies => -
Futrli Advisor — 25 entities => -
Spotlight Reporting — Partner licence => -
WorkflowMax — 7 staff => -
ApprovalMax Partner Edition — 12 organisations => -
Syft Analytics — Practice plan => -
Microsoft 365 Business Standard — 9 licences => -
Adobe Acrobat Pro — Team — 4 seats => -
LodgeiT — annual licence => -
Class Super — 18 funds (volume tier) => -
BGL Simple Fund 360 — 22 funds => -
Hubdoc — Partner bundle => -
Employment Hero — Partner access => -
GST 15% on partner fees => -
Card processing surcharge 1.2% => -
Prorata adjustment — plan change => -
Credit note CN-20418 => -
Opening balance => -
Total due NZD 1,842.50 => -
Late payment fee => -
Xero certified advisor training — 2 seats => -

## demo, test and internal organisations
Demo Company (NZ) — Xero Standard => -
Demo Company (AU) — Premium => -
Demo Company (UK) | Standard => -
Demo Company (Global) — Starter => -
Float — Demo workspace => -
Tanda — Bright Accountants (internal) — 6 staff => -
Deputy — Sandbox — Bright Accountants => -
Xero — Test Org Do Not Use — Standard => -
Client: Unassigned | 14 items => -
Client: (none) | 3 items => -
Items over plan limit: 212 => -
Deputy — Premium — free trial ended => -

## Microsoft 365 CSP lines per customer
+ Tautahi Freight Forwarders Ltd
+ Lockett & Vu Lawyers
M365 Business Premium (NCE) — Customer: Tautahi Freight Forwarders Ltd — 18 => Tautahi Freight Forwarders Ltd
Business Premium — Plan 1 — Customer: Tautahi Freight Forwarders Limited => Tautahi Freight Forwarders Ltd
Lockett & Vu Lawyers | Exchange Online (Plan 1) | 11 => Lockett & Vu Lawyers
Customer: LOCKETT AND VU LAWYERS — Microsoft Defender for Business => Lockett & Vu Lawyers
Lockett & Vu Lawyers Ltd — Teams Essentials => Lockett & Vu Lawyers
Tenant: tautahifreight.onmicrosoft.com — Microsoft 365 Business Basic — 6 ~> Tautahi Freight Forwarders Ltd
Tautahi Freight — Business Premium ~> Tautahi Freight Forwarders Ltd
Lockett Vu Legal Ltd — Microsoft 365 Business Standard => -
Tautahi Freight Forwarders (Australia) Pty Ltd — Business Premium => -
Exchange Online (Plan 1) — unassigned licences (2) => -
Microsoft 365 E3 — Bright Accountants Ltd — 12 => -
Tautahi Freight Forwarders Ltd — Microsoft 365 Apps for business — 2 => Tautahi Freight Forwarders Ltd
Tautahi FF Ltd — Business Premium ~> Tautahi Freight Forwarders Ltd

## payroll and rostering headcounts
+ Okafor Home Care Pty Ltd
+ Nikora Contracting Ltd
+ Bowral Bakehouse Pty Ltd
Employment Hero — Okafor Home Care Pty Ltd — 37 employees => Okafor Home Care Pty Ltd
Okafor Home Care P/L | Standard | 37 active employees => Okafor Home Care Pty Ltd
Okafor Home Care Pty Ltd (Payroll + HR) => Okafor Home Care Pty Ltd
Deputy: Nikora Contracting — Premium — 14 active => Nikora Contracting Ltd
Nikora Contracting Limited — Deputy Enterprise => Nikora Contracting Ltd
Tanda — Bowral Bakehouse — 11 staff => Bowral Bakehouse Pty Ltd
BOWRAL BAKEHOUSE PTY LTD · Tanda · 11 seats => Bowral Bakehouse Pty Ltd
Nikora Contracting (Gisborne) — Deputy ~> Nikora Contracting Ltd
Okafor Home Nursing Pty Ltd => -
Bowral Bakehouse Moss Vale Pty Ltd => -
Bowral Bakery Pty Ltd => -
Nikora Contracting & Civil Ltd => -
Employment Hero — Payroll — 37 employees => -
Okafor Home Care — Employment Hero — 37 => Okafor Home Care Pty Ltd
Okafor HC Pty Ltd — Employment Hero ~> Okafor Home Care Pty Ltd

## a company and a branch company, both clients
+ Marchetti Gelato Ltd
+ Marchetti Gelato Christchurch Ltd
Fathom — Marchetti Gelato Ltd — Monthly => Marchetti Gelato Ltd
Fathom — Marchetti Gelato Christchurch — Monthly => Marchetti Gelato Christchurch Ltd
MARCHETTI GELATO CHRISTCHURCH LIMITED => Marchetti Gelato Christchurch Ltd
Marchetti Gelato | Futrli | Standard => Marchetti Gelato Ltd
Futrli: Marchetti Gelato (Christchurch) ~> Marchetti Gelato Christchurch Ltd
Marchetti Gelato Ltd — Christchurch store ~> Marchetti Gelato Ltd
Spotlight Reporting — Marchetti Gelato consolidated ~> Marchetti Gelato Ltd
Marchetti Gelato Wellington Ltd => -
Marchetti Gelato Group Ltd => -
Marchetti Gelateria Ltd => -
Marchetti Gelato Limited — Futrli => Marchetti Gelato Ltd

## branch companies, no parent client
+ Coastline Physio Takapuna Ltd
+ Coastline Physio Albany Ltd
Coastline Physio Takapuna Ltd — Standard => Coastline Physio Takapuna Ltd
Coastline Physio Albany Limited | Standard => Coastline Physio Albany Ltd
Coastline Physio — Takapuna => Coastline Physio Takapuna Ltd
Coastline Physio | Albany | Deputy => Coastline Physio Albany Ltd
Coastline Physio Ltd — Takapuna ~> Coastline Physio Takapuna Ltd
Coastline Physio — Deputy ~> Coastline Physio Takapuna Ltd
Coastline Physiotherapy Albany Ltd ~> Coastline Physio Albany Ltd
Coastline Physio Albany & Takapuna — consolidated ~> Coastline Physio Albany Ltd
Coastline Physio — Orewa => -
Coastline Physio Orewa Ltd => -
Coastline Podiatry Albany Ltd => -
COASTLINE PHYSIO TAKAPUNA LTD => Coastline Physio Takapuna Ltd

## entity kinds beside one surname
+ Iredale Partnership
+ Iredale Holdings Ltd
+ Iredale & Co
Iredale Partnership — Xero Standard => Iredale Partnership
IREDALE HOLDINGS LIMITED | Ledger => Iredale Holdings Ltd
Iredale & Co — Cashbook => Iredale & Co
Iredale and Co => Iredale & Co
Iredale Holdings — Ledger => Iredale Holdings Ltd
Iredale & Company ~> Iredale & Co
Iredale — Xero Standard ~> Iredale Partnership
Iredale Holdings Ltd & Iredale Partnership — 2 orgs ~> Iredale Holdings Ltd
Iredale Ltd => -
Iredale Family Trust => -
Iredale Holdings (2015) Ltd => -
Iredale Farming Partnership => -
Iredale & Co. — Standard => Iredale & Co

## years in brackets and periods
+ Ruapehu Alpine Lodge Ltd
+ Ruapehu Alpine Lodge (2008) Ltd
Ruapehu Alpine Lodge (2008) Ltd — Xero Standard => Ruapehu Alpine Lodge (2008) Ltd
Ruapehu Alpine Lodge 2008 Limited => Ruapehu Alpine Lodge (2008) Ltd
Ruapehu Alpine Lodge Ltd (Oct 2026) => Ruapehu Alpine Lodge Ltd
Ruapehu Alpine Lodge — 01/10/2026 – 31/10/2026 => Ruapehu Alpine Lodge Ltd
Ruapehu Alpine Lodge (2008) — FY27 => Ruapehu Alpine Lodge (2008) Ltd
Ruapehu Alpine Lodge Limited — Q3 2026 => Ruapehu Alpine Lodge Ltd
Ruapehu Alpine Lodge (2026) ~> Ruapehu Alpine Lodge Ltd
Ruapehu Alpine Lodge [ORG-2008] ~> Ruapehu Alpine Lodge Ltd
Ruapehu Alpine Lodge (2018) Ltd => -
Ruapehu Alpine Lodge (2008) Holdings Ltd => -
Ruapehu Alpine Chalets Ltd => -
RUAPEHU ALPINE LODGE (2008) LIMITED | Payroll => Ruapehu Alpine Lodge (2008) Ltd

## a state in the name of an AU company
+ Noosa Surf Academy Pty Ltd
+ Noosa Surf Academy (NSW) Pty Ltd
Noosa Surf Academy Pty Ltd — Xero Grow (AU) => Noosa Surf Academy Pty Ltd
Noosa Surf Academy (NSW) P/L => Noosa Surf Academy (NSW) Pty Ltd
Noosa Surf Academy NSW Pty Ltd => Noosa Surf Academy (NSW) Pty Ltd
Noosa Surf Academy (New South Wales) Pty Ltd => Noosa Surf Academy (NSW) Pty Ltd
Noosa Surf Academy — Deputy — 23 users => Noosa Surf Academy Pty Ltd
Noosa Surf Academy (Qld) Pty Ltd => -
Noosa Surf School Pty Ltd => -
Noosa Surf Academy (NZ) Ltd => -
Noosa Surf Acad… ~> Noosa Surf Academy Pty Ltd
Noosa Surf Academy P/L — Premium (AU) => Noosa Surf Academy Pty Ltd

## UK tearooms and a trading name
+ Hexham Abbey Tearooms Ltd
+ Totnes Ferment Co Ltd
Hexham Abbey Tearooms Limited — Xero Standard (UK) — £30.00 => Hexham Abbey Tearooms Ltd
HEXHAM ABBEY TEAROOMS LTD t/a The Abbey Kitchen => Hexham Abbey Tearooms Ltd
Hexham Abbey Tea Rooms — Standard => Hexham Abbey Tearooms Ltd
The Abbey Kitchen — Xero Standard ~> Hexham Abbey Tearooms Ltd
Totnes Ferment Co Ltd | Dext Prepare | 120 items => Totnes Ferment Co Ltd
TOTNES FERMENT CO LIMITED => Totnes Ferment Co Ltd
Totnes Ferment Company Limited ~> Totnes Ferment Co Ltd
Totnes Fermnet Co ~> Totnes Ferment Co Ltd
Hexham Abbey Gift Shop Ltd => -
Hexham Tearooms Ltd => -
Totnes Ferment Co (Devon) Ltd => -
Totnes Kombucha Co Ltd => -
Hexham Abbey Tearooms — Deputy — 12 users => Hexham Abbey Tearooms Ltd
Hexham Abbey Tea… ~> Hexham Abbey Tearooms Ltd

## cut legal words
+ Tapanui Sawmilling Ltd
Tapanui Sawmilling Limit — Standard => Tapanui Sawmilling Ltd
Tapanui Sawmilling Lt | Payroll => Tapanui Sawmilling Ltd
TAPANUI SAWMILLING LIMITE => Tapanui Sawmilling Ltd
Tapanui Sawmilling Limi… => Tapanui Sawmilling Ltd
Tapanui Saw… ~> Tapanui Sawmilling Ltd
Tapanui Sawmilling (2004) Lt => -
Tapanui Sawmillers Ltd => -
Tapanui Timber Ltd => -
Tapanui Sawmilling Ltd — Xero Payroll — 18 employees => Tapanui Sawmilling Ltd

## letter slips in a long surname
+ Hennessy Brothers Builders Ltd
Hennessy Brothers Builders — Tanda — 16 staff => Hennessy Brothers Builders Ltd
HENNESSY BROTHERS BUILDERS LIMITED => Hennessy Brothers Builders Ltd
Hennesy Brothers Builders Ltd ~> Hennessy Brothers Builders Ltd
Hennessy Bros Builders ~> Hennessy Brothers Builders Ltd
Hennessy Brohters Builders ~> Hennessy Brothers Builders Ltd
Hennessy Brothers Construction Ltd => -
Hennessey Brothers Builders Ltd => -
Hennessy Sisters Builders Ltd => -
Hennessy Brothers Builders Ltd — Xero Payroll — 16 employees => Hennessy Brothers Builders Ltd

## Dext and Hubdoc item counts
+ Whaanga Seafoods Ltd
+ Poutama Tiles Ltd
Client: Poutama Tiles Ltd | 48 items => Poutama Tiles Ltd
Hubdoc — Poutama Tiles — 48 documents => Poutama Tiles Ltd
Poutama Tiles: 48 items => Poutama Tiles Ltd
Dext Prepare — 212 items — Whaanga Seafoods => Whaanga Seafoods Ltd
WHAANGA SEAFOODS LIMITED: 212 items => Whaanga Seafoods Ltd
Whaanga Seafoods (Napier): 31 items ~> Whaanga Seafoods Ltd
Poutama Tiles & Stone Ltd: 12 items => -
Whaanga Fisheries Ltd: 9 items => -
Poutama Tile Importers Ltd — 6 items => -
POUTAMA TILES LIMITED — Hubdoc => Poutama Tiles Ltd

## ApprovalMax organisations, a group and its trust
+ Dimitriou Property Group Pty Ltd
+ Dimitriou Property Trust
ApprovalMax — Dimitriou Property Group Pty Ltd — Standard => Dimitriou Property Group Pty Ltd
ApprovalMax | Dimitriou Property Trust | Standard => Dimitriou Property Trust
Organisation: Dimitriou Property Group — Advanced => Dimitriou Property Group Pty Ltd
The Trustee for Dimitriou Property Trust => Dimitriou Property Trust
Dimitriou Property — Advanced ~> Dimitriou Property Group Pty Ltd
Dimitriou Property Group Pty Ltd ATF Dimitriou Property Trust ~> Dimitriou Property Trust
Dimitriou Property Group Holdings Pty Ltd => -
Dimitriou Property Unit Trust => -
Dimitriou Developments Pty Ltd => -
Dimitriou Property Group P/L | Advanced => Dimitriou Property Group Pty Ltd

## LodgeiT, BGL and Class Super fund lines
+ The Trustee for Sattler Family Superannuation Fund
+ Sattler Super Pty Ltd
Class Super — Sattler Family Superannuation Fund => The Trustee for Sattler Family Superannuation Fund
BGL | The Trustee for Sattler Family Superannuation Fund => The Trustee for Sattler Family Superannuation Fund
Sattler Super Pty Ltd — LodgeiT => Sattler Super Pty Ltd
SATTLER SUPER P/L => Sattler Super Pty Ltd
Sattler Family Super Fund ~> The Trustee for Sattler Family Superannuation Fund
Sattler Super P/L ATF Sattler Family Superannuation Fund ~> The Trustee for Sattler Family Superannuation Fund
Sattler Superannuation Pty Ltd ~> Sattler Super Pty Ltd
Sattler Family Trust — LodgeiT => -
Sattler Family Pension Fund => -
LodgeiT — 14 lodgements => -
The Trustee for SATTLER FAMILY SUPERANNUATION FUND => The Trustee for Sattler Family Superannuation Fund

## near-twin lakes, both clients
+ Rotorua Kayak Tours Ltd
+ Rotoroa Kayak Tours Ltd
Rotorua Kayak Tours Ltd — Standard => Rotorua Kayak Tours Ltd
Rotoroa Kayak Tours Limited — Starter => Rotoroa Kayak Tours Ltd
ROTORUA KAYAK TOURS => Rotorua Kayak Tours Ltd
Rotoroa Kayak Tours | Deputy => Rotoroa Kayak Tours Ltd
Rotorau Kayak Tours ~> Rotorua Kayak Tours Ltd
Rotorua Kayak Tour Ltd ~> Rotorua Kayak Tours Ltd
Rotoiti Kayak Tours Ltd => -
Rotorua Kayak & Bike Tours Ltd => -
Rotoroa Kayak Hire Ltd => -
Rotorua Kayak Tours (Premium) => Rotorua Kayak Tours Ltd
rotoroa kayak tours ltd — Nov-26 => Rotoroa Kayak Tours Ltd

## plan and id words in brackets
+ Ferrier Landscapes Ltd
Ferrier Landscapes Ltd (Premium 10) => Ferrier Landscapes Ltd
Ferrier Landscapes (Standard + Payroll) => Ferrier Landscapes Ltd
Ferrier Landscapes [ID 44812] => Ferrier Landscapes Ltd
Ferrier Landscapes (Growing) => Ferrier Landscapes Ltd
Ferrier Landscapes (Established) => Ferrier Landscapes Ltd
Ferrier Landscapes (Comprehensive) — annual => Ferrier Landscapes Ltd
Ferrier Landscapes (ORG-55120) — Nov-26 => Ferrier Landscapes Ltd
Ferrier Landscapes (2019) => -
Ferrier Landscape Supplies Ltd => -
Ferrier Landscapes Nelson Ltd => -
FERRIER LANDSCAPES LIMITED => Ferrier Landscapes Ltd

## separators: semicolons, tabs and commas
+ Brolly & Sons Cleaning Ltd
Entity: Brolly & Sons Cleaning Ltd; Plan: Standard; Period: Oct 2026 => Brolly & Sons Cleaning Ltd
Brolly & Sons Cleaning\tStandard\t$35.00 => Brolly & Sons Cleaning Ltd
Brolly and Sons Cleaning, Standard, $35.00 => Brolly & Sons Cleaning Ltd
Brolly & Sons Cleaning · Standard · 2 seats => Brolly & Sons Cleaning Ltd
Brolly Cleaning Ltd => -
Brolly & Sons Cleaning (Hamilton) Ltd => -
Brolly & Daughters Cleaning Ltd => -
Client: Brolly & Sons Cleaning | 9 items => Brolly & Sons Cleaning Ltd
Brolly & Sons Clean… ~> Brolly & Sons Cleaning Ltd

## Practice Ignition payment lines
+ Tran Dental Ltd
Ignition — payment processing — Tran Dental Ltd (INV-0412) => Tran Dental Ltd
Ignition — Tran Dental — proposal accepted => Tran Dental Ltd
TRAN DENTAL LIMITED — Ignition fee 1.5% => Tran Dental Ltd
Ignition — 12 proposals sent => -
Tran Dental Group Ltd => -
Tran Dental Studio Ltd => -
Ignition — payment processing — 4 clients => -
Tran Dental Ltd — Xero Standard => Tran Dental Ltd

## Syft and Spotlight, a group and its trading company
+ Cho Hospitality Group Ltd
+ Cho Hospitality Ltd
Syft client entity - Cho Hospitality Group => Cho Hospitality Group Ltd
Cho Hospitality Ltd — Syft => Cho Hospitality Ltd
Cho Hospitality Group Limited | Spotlight Reporting => Cho Hospitality Group Ltd
Syft — Cho Hospitality — consolidation (3 entities) ~> Cho Hospitality Group Ltd
Cho Hospitality Group (Australia) Pty Ltd => -
Cho Hospitality Trust => -
Cho Hospitality Holdings Ltd => -
Spotlight Reporting — Cho Hospitality Ltd => Cho Hospitality Ltd

## Adobe seats by organisation
+ Papadopoulos Design Studio Ltd
Adobe Creative Cloud for teams — Papadopoulos Design Studio — 4 licences => Papadopoulos Design Studio Ltd
Adobe Acrobat Standard (VIP) | Papadopoulos Design Studio Ltd | 2 seats => Papadopoulos Design Studio Ltd
Adobe — Papadopoulos Design ~> Papadopoulos Design Studio Ltd
Adobe Stock — 10 assets/month => -
Papadopoulos Architects Ltd => -
VIP agreement 9984-22 — Adobe renewal => -
Papadopoulos Design Studio Limited — Adobe Stock => Papadopoulos Design Studio Ltd

## a UK CIC and a trust of one name
+ Ludlow Community Allotments CIC
+ Ludlow Community Allotments Trust
Ludlow Community Allotments CIC — Xero Starter (UK) => Ludlow Community Allotments CIC
Ludlow Community Allotments Trust — Starter => Ludlow Community Allotments Trust
Ludlow Community Allotments Community Interest Company => Ludlow Community Allotments CIC
Ludlow Community Allotments — Starter ~> Ludlow Community Allotments CIC
Ludlow Allotments CIC ~> Ludlow Community Allotments CIC
Ludlow Community Gardens CIC => -
Ludlow Community Allotments Charitable Incorporated Organisation => -
LUDLOW COMMUNITY ALLOTMENTS TRUST | Starter => Ludlow Community Allotments Trust

## a country tag on the plan
+ Sandford Robotics Ltd
Fathom — Premium (AU) — Sandford Robotics => Sandford Robotics Ltd
Sandford Robotics — Xero Standard (UK) — 30.00 => Sandford Robotics Ltd
Xero Standard (NZ) — Sandford Robotics Ltd => Sandford Robotics Ltd
Sandford Robotics (Australia) Pty Ltd => -
Sandford Robotics UK Ltd => -
Sandford Robotic Solutions Ltd => -
Sandford Robotics Limited => Sandford Robotics Ltd

## trading names and acronyms
+ Kaiwaka Rural Supplies Ltd
Kaiwaka Rural Supplies Ltd t/a Kaiwaka Farm Source => Kaiwaka Rural Supplies Ltd
Kaiwaka Rural Supplies — Hubdoc => Kaiwaka Rural Supplies Ltd
KRS Ltd — Standard ~> Kaiwaka Rural Supplies Ltd
Kaiwaka Farm Source — Standard ~> Kaiwaka Rural Supplies Ltd
Kaiwaka Rural Services Ltd => -
Kaiwaka Rural Supplies (2011) Ltd => -
Kaiwaka Rural Supplies Limited — Standard => Kaiwaka Rural Supplies Ltd

## The at either end
+ The Greytown Larder Ltd
Greytown Larder Ltd => The Greytown Larder Ltd
THE GREYTOWN LARDER — Standard => The Greytown Larder Ltd
Greytown Larder, The — Cashbook => The Greytown Larder Ltd
The Greytown Pantry Ltd => -
Greytown Larder & Deli Ltd => -
The Greytown Larder Limited — Deputy — 8 users => The Greytown Larder Ltd

## initials, one letter apart, both clients
+ A & T Bramwell Ltd
+ A & J Bramwell Ltd
A & T Bramwell Ltd — Standard => A & T Bramwell Ltd
A&J Bramwell Limited | Standard => A & J Bramwell Ltd
A and T Bramwell => A & T Bramwell Ltd
A.T. Bramwell Ltd ~> A & T Bramwell Ltd
A & T Bramwel Ltd ~> A & T Bramwell Ltd
Bramwell Ltd => -
A & T Bramwell Family Trust => -
A & R Bramwell Ltd => -
A & J Bramwell — Payroll => A & J Bramwell Ltd

## apostrophes and hyphens
+ O'Halloran-Wood Surveying Ltd
OHalloran-Wood Surveying => O'Halloran-Wood Surveying Ltd
O’Halloran Wood Surveying Ltd => O'Halloran-Wood Surveying Ltd
O'HALLORAN-WOOD SURVEYING LIMITED — Standard => O'Halloran-Wood Surveying Ltd
O'Halloran-Wood Surveying & Planning Ltd => -
Halloran-Wood Surveying Ltd => -
O'Halloran-Wood Surveying Ltd | Dext Prepare | 64 items => O'Halloran-Wood Surveying Ltd

## a dash inside the name
+ Arrowtown-Macetown Tours Ltd
Arrowtown - Macetown Tours Ltd — Standard => Arrowtown-Macetown Tours Ltd
Arrowtown Macetown Tours — Deputy => Arrowtown-Macetown Tours Ltd
Deputy — Arrowtown — Macetown Tours ~> Arrowtown-Macetown Tours Ltd
Arrowtown Tours Ltd => -
Arrowtown Bike Tours Ltd => -
ARROWTOWN-MACETOWN TOURS LIMITED => Arrowtown-Macetown Tours Ltd

## two clients of one harbour
+ Akaroa Harbour Cruises Ltd
+ Akaroa Dolphins Ltd
Akaroa Harbour Cruises Ltd — Xero Premium => Akaroa Harbour Cruises Ltd
Akaroa Dolphins — Premium => Akaroa Dolphins Ltd
AKAROA DOLPHINS LIMITED | Payroll => Akaroa Dolphins Ltd
Akaroa Harbour Cruises & Akaroa Dolphins — joint promo ~> Akaroa Harbour Cruises Ltd
Akaroa Harbour Cr… ~> Akaroa Harbour Cruises Ltd
Akaroa Dolphin Ltd ~> Akaroa Dolphins Ltd
Akaroa Cruises Ltd => -
Akaroa Dolphin Watch Ltd => -
Akaroa Harbour Cruises — Deputy — 19 users => Akaroa Harbour Cruises Ltd

## clients named like the vendors
+ Float Tank Studio Ltd
+ Spotlight Theatre Company Ltd
+ Ignition Motorsport Ltd
Float — Float Tank Studio Ltd — Pro => Float Tank Studio Ltd
Float Tank Studio — Deputy — 5 users => Float Tank Studio Ltd
Spotlight Theatre Company Ltd — Xero Standard => Spotlight Theatre Company Ltd
Spotlight Reporting — Spotlight Theatre Company => Spotlight Theatre Company Ltd
Ignition Motorsport Ltd — Xero Standard => Ignition Motorsport Ltd
Ignition — Ignition Motorsport — payment fee => Ignition Motorsport Ltd
Spotlight Theatre Co ~> Spotlight Theatre Company Ltd
Float — Pro — 5 users => -
Spotlight Reporting — Partner => -
Ignition Motorsport Academy Ltd => -
Spotlight Theatre Trust => -
FLOAT TANK STUDIO LIMITED | Standard => Float Tank Studio Ltd
Spotlight Theatre Company Limited — Adobe Creative Cloud — 2 seats => Spotlight Theatre Company Ltd
IGNITION MOTORSPORT LIMITED | Standard => Ignition Motorsport Ltd

## a country word inside a client's name
+ New Zealand Bee Collective Ltd
NZ Bee Collective Ltd — Standard => New Zealand Bee Collective Ltd
New Zealand Bee Collective Limited => New Zealand Bee Collective Ltd
N.Z. Bee Collective | Standard => New Zealand Bee Collective Ltd
Australian Bee Collective Pty Ltd => -
NZ Bee Collective (Australia) Pty Ltd => -
Bee Collective Ltd => -
New Zealand Bee Collective — Hubdoc => New Zealand Bee Collective Ltd

## the middle word decides, both clients
+ Kaikohe Tyre & Battery Ltd
+ Kaikohe Tyre & Exhaust Ltd
Kaikohe Tyre & Battery — Standard => Kaikohe Tyre & Battery Ltd
Kaikohe Tyre and Exhaust Ltd => Kaikohe Tyre & Exhaust Ltd
KAIKOHE TYRE & EXHAUST | Payroll => Kaikohe Tyre & Exhaust Ltd
Kaikohe Tyre & … ~> Kaikohe Tyre & Battery Ltd
Kaikohe Tyre Ltd => -
Kaikohe Tyre & Auto Ltd => -
Kaikohe Tyre, Battery & Exhaust Ltd => -
Kaikohe Tyre and Battery Limited => Kaikohe Tyre & Battery Ltd

## a possessive and an early learning centre
+ Rosie's Early Learning Centre Ltd
Rosies Early Learning Centre => Rosie's Early Learning Centre Ltd
ROSIE'S EARLY LEARNING CENTRE LTD | Standard => Rosie's Early Learning Centre Ltd
Xero Standard — Rosie’s Early Learning Centre => Rosie's Early Learning Centre Ltd
Rosie's Early Learning ~> Rosie's Early Learning Centre Ltd
Rosie's Kindergarten Ltd => -
Rosie's Early Learning Centre Trust => -
Rosie's Early Learning Centre — Deputy — 21 users => Rosie's Early Learning Centre Ltd
Rosie's ELC Ltd ~> Rosie's Early Learning Centre Ltd

## amounts and currencies beside the name
+ Lowther Glass & Glazing Ltd
Lowther Glass & Glazing Ltd £42.00 => Lowther Glass & Glazing Ltd
GBP 42.00 — Lowther Glass and Glazing => Lowther Glass & Glazing Ltd
Lowther Glass & Glazing Ltd x2 @ 21.00 => Lowther Glass & Glazing Ltd
Lowther Glazing Ltd => -
Lowther Glass Ltd => -
LOWTHER GLASS & GLAZING LIMITED — Xero Standard (UK) => Lowther Glass & Glazing Ltd

## a Xero partner bill per subscription
+ Waihī Beach Surf School Ltd
+ Bramble & Finch Florists Ltd
+ Tirohanga Downs Partnership
Waihi Beach Surf School Ltd — Xero Standard — 01 Oct 2026 to 31 Oct 2026 => Waihī Beach Surf School Ltd
Waihii Beach Surf School — Standard => Waihī Beach Surf School Ltd
WAIHI BEACH SURF SCHOOL LIMITED (Starter) => Waihī Beach Surf School Ltd
Subscription: Waihī Beach Surf School Ltd / Xero Premium 10 => Waihī Beach Surf School Ltd
Bramble & Finch Florists Ltd — Xero Standard + Payroll (3 people) => Bramble & Finch Florists Ltd
Bramble and Finch Florists | Standard => Bramble & Finch Florists Ltd
Bramble & Finch Florists — Hubdoc => Bramble & Finch Florists Ltd
Tirohanga Downs Partnership — Xero Standard => Tirohanga Downs Partnership
TIROHANGA DOWNS PARTNERSHIP | Ledger => Tirohanga Downs Partnership
Tirohanga Downs Partnership (ORG-88213) => Tirohanga Downs Partnership
Tirohanga Downs — Ledger ~> Tirohanga Downs Partnership
Bramble & Finch Flowers Ltd => -
Waihi Beach Surf Club Inc => -
Tirohanga Downs Ltd => -

## practice software lines per client
+ Halswell Quarry Motors Ltd
+ Ngaio Gorge Veterinary Clinic Ltd
Karbon — client workspace — Halswell Quarry Motors Ltd => Halswell Quarry Motors Ltd
WorkflowMax: Halswell Quarry Motors (job costing) => Halswell Quarry Motors Ltd
Halswell Quarry Motors Limited — WorkflowMax — 3 staff => Halswell Quarry Motors Ltd
Karbon — Ngaio Gorge Veterinary Clinic — 2 seats => Ngaio Gorge Veterinary Clinic Ltd
Ngaio Gorge Veterinary Clinic Ltd | WorkflowMax | 5 => Ngaio Gorge Veterinary Clinic Ltd
NGAIO GORGE VETERINARY CLINIC => Ngaio Gorge Veterinary Clinic Ltd
Ngaio Gorge Vet Clinic ~> Ngaio Gorge Veterinary Clinic Ltd
Halswell Quarry Park Ltd => -
Ngaio Veterinary Clinic Ltd => -
Karbon — 6 users — annual => -

## strangers in vendor layouts
Client: Paekākāriki Surf Lifesaving Club | 18 items => -
Org: Martinborough Cycle Hire | Standard => -
Hubdoc — Geraldine Cheese Co — 12 documents => -
Deputy - Twizel Alpine Cabins - 7 users => -
Dext Prepare — Mangawhai Heads Bakery — Monthly => -
Syft client entity - Yass Valley Merino Pty Ltd => -
Employment Hero — Kiama Blowhole Cafe Pty Ltd — 14 employees => -
ApprovalMax | Bendigo Bank Agency Margaret River | Standard => -
Xero Standard (UK) — Skipton Canal Boats Ltd => -
Microsoft 365 Business Basic — Customer: Frome Valley Cider Ltd — 3 => -
Fathom — Maroochydore Marine Supplies Pty Ltd — Monthly => -
Class Super — Ulladulla Bannister Superannuation Fund => -
Tanda — Motueka Hop Growers Co-operative — 40 staff => -
Futrli: Whitstable Oyster Sheds Ltd => -
Karbon — Harrogate Spa Water Co Ltd — client portal => -
Adobe Creative Cloud — Picton Ferry Terminal Cafe — 1 seat => -
Spotlight Reporting — Keswick Outdoor Gear Ltd => -
Entity: Takaka Hill Walnuts Ltd; Plan: Starter; Period: Oct 2026 => -
LodgeiT — Orange Grove Almonds Pty Ltd — 2 lodgements => -
BGL Simple Fund 360 | The Trustee for Mudgee Wine Country Super Fund => -
"""
