"""Hand-written adversarial bill lines for the name-matching evaluation (bench/mapping_eval.py).

Written from issue 14's causes and from how NZ, AU and UK organisations are really named and
billed -- not from the matcher's code. Each family is a small story: the clients it adds to the
firm's contact list, and bill lines labelled with the truth.

    ## family name
    + Contact Name             a client of the firm (added to the firm's contact list)
    line => Contact Name       the text determines the client: an automatic match is expected
    line ~> Contact Name       that client, but the text alone cannot tell: asking is right
    line => -                  names no client of the firm (another entity, a plan, a fee)

A whole family goes to the tuning or the held-out part together (bench/mapping_eval.py), so
tuning on one case never shows its siblings.
"""

from __future__ import annotations

ADVERSARIAL = """
## year in brackets, both clients
+ ABC Plumbing Ltd
+ ABC Plumbing (2019) Ltd
ABC Plumbing (2019) Limited — Standard => ABC Plumbing (2019) Ltd
ABC PLUMBING (2019) LTD | Premium | NZD 89.00 => ABC Plumbing (2019) Ltd
ABC Plumbing Ltd — Standard — 65.00 => ABC Plumbing Ltd
ABC Plumbing Limited: 12 items => ABC Plumbing Ltd
Client: ABC Plumbing (2019) | 40 items => ABC Plumbing (2019) Ltd
ABC Plumbing (2018) Ltd - Starter => -
ABC Plumbing 2019 Ltd — Standard => ABC Plumbing (2019) Ltd

## year in brackets, only the new company is a client
+ Harbour Electrical (2015) Ltd
Harbour Electrical (2015) Limited — Premium => Harbour Electrical (2015) Ltd
Harbour Electrical Ltd — Premium => -
HARBOUR ELECTRICAL (2015) LTD => Harbour Electrical (2015) Ltd
Harbour Electrical (2021) Ltd — Premium => -

## year in brackets, only the old company is a client
+ Kauri Coast Builders Ltd
Kauri Coast Builders (2022) Limited — Ultimate => -
Kauri Coast Builders Ltd — Ultimate => Kauri Coast Builders Ltd
Kauri Coast Builders — Ultimate — 120.00 => Kauri Coast Builders Ltd

## numbered companies
+ 6612037 Holdings Ltd
+ 6612036 Holdings Ltd
6612037 Holdings Limited — Ledger => 6612037 Holdings Ltd
6612036 HOLDINGS LTD | Cashbook => 6612036 Holdings Ltd
6612038 Holdings Ltd — Ledger => -
Org: 6612037 Holdings | Ledger => 6612037 Holdings Ltd
6612O37 Holdings Ltd — Ledger ~> 6612037 Holdings Ltd

## numbered AU company
+ 123 456 789 Pty Ltd
123 456 789 Pty Ltd — Standard => 123 456 789 Pty Ltd
123 456 788 Pty Ltd — Standard => -
ACN 123 456 789 Pty Ltd — Standard => 123 456 789 Pty Ltd

## country, all three entities clients
+ Tasman Freight Ltd
+ Tasman Freight (Australia) Pty Ltd
+ Tasman Freight UK Ltd
Tasman Freight (Australia) Pty Ltd — Premium => Tasman Freight (Australia) Pty Ltd
Tasman Freight Australia Pty Limited - Premium => Tasman Freight (Australia) Pty Ltd
Tasman Freight Ltd — Premium => Tasman Freight Ltd
Tasman Freight Limited | Standard => Tasman Freight Ltd
TASMAN FREIGHT UK LIMITED — Standard => Tasman Freight UK Ltd
Tasman Freight (UK) Ltd — Standard => Tasman Freight UK Ltd
Tasman Freight (Singapore) Pte Ltd — Premium => -

## country, only the NZ company a client
+ Southern Cross Logistics Ltd
Southern Cross Logistics (Australia) Pty Ltd — Payroll => -
Southern Cross Logistics Pty Ltd - Standard => -
Southern Cross Logistics Ltd — Standard => Southern Cross Logistics Ltd
SOUTHERN CROSS LOGISTICS LIMITED => Southern Cross Logistics Ltd

## country, only the AU company a client
+ Kookaburra Tiling (Australia) Pty Ltd
Kookaburra Tiling Ltd — Premium => -
Kookaburra Tiling (Australia) Pty Ltd | Premium => Kookaburra Tiling (Australia) Pty Ltd
Kookaburra Tiling Australia P/L — Premium => Kookaburra Tiling (Australia) Pty Ltd

## entity kinds, four Smiths
+ Smith Holdings Ltd
+ Smith Family Trust
+ Smith & Co
+ Smith Ltd
Smith Holdings Limited — Standard => Smith Holdings Ltd
Smith Family Trust — Cashbook => Smith Family Trust
Smith & Co — Premium => Smith & Co
Smith and Co — Premium => Smith & Co
Smith Ltd — Premium => Smith Ltd
SMITH LIMITED | Standard => Smith Ltd
Smith Family Ltd — Standard => -
Smith Trust — Cashbook ~> Smith Family Trust
Smith Investments Ltd — Standard => -
Smith — Standard ~> Smith Ltd

## entity kinds, only the trust a client
+ Patel Family Trust
Patel Family Trust — Ledger => Patel Family Trust
Patel Holdings Ltd — Ledger => -
Patel Ltd — Ledger => -
Patel Family Ltd — Ledger => -
The Trustee for THE PATEL FAMILY TRUST — Ledger => Patel Family Trust
The Trustee for Patel Family Trust | Cashbook => Patel Family Trust

## entity kinds, only the holding company a client
+ Wilson Holdings Ltd
Wilson Holdings Limited — Standard => Wilson Holdings Ltd
Wilson Ltd — Standard => -
Wilson Family Trust — Standard => -
Wilson Holdings (2020) Ltd — Standard => -
Wilson Holdings & Co — Standard => -

## trustee forms, AU
+ The Trustee for the Johnston Family Trust
+ Johnston Holdings Pty Ltd
The Trustee for THE JOHNSTON FAMILY TRUST — Standard => The Trustee for the Johnston Family Trust
Johnston Family Trust — Standard => The Trustee for the Johnston Family Trust
JOHNSTON FAMILY TRUST | Cashbook => The Trustee for the Johnston Family Trust
Johnston Holdings Pty Ltd — Standard => Johnston Holdings Pty Ltd
Johnston Holdings P/L — Standard => Johnston Holdings Pty Ltd
The Trustee for the Johnston Superannuation Fund — Standard => -

## trustee forms, contact short, line long
+ Nguyen Family Trust
The Trustee for THE NGUYEN FAMILY TRUST => Nguyen Family Trust
The Trustee for the Nguyen Family Trust - Ledger => Nguyen Family Trust
Nguyen Nominees Pty Ltd ATF Nguyen Family Trust — Ledger => Nguyen Family Trust
The Trustee for THE NGUYEN DISCRETIONARY TRUST — Ledger => -
The Trustee for THE NGUYEN FAMILY TRUST NO 2 — Ledger => -

## trust numbers
+ Henare Family Trust
+ Henare Family Trust No 2
Henare Family Trust — Cashbook => Henare Family Trust
Henare Family Trust No 2 — Cashbook => Henare Family Trust No 2
Henare Family Trust (No. 2) — Cashbook => Henare Family Trust No 2
Henare Family Trust No 3 — Cashbook => -
HENARE FAMILY TRUST NO. 2 | Ledger => Henare Family Trust No 2

## plan word Payroll inside the name
+ Kiwi Payroll Ltd
+ Kiwi Ltd
Kiwi Payroll Ltd — Standard => Kiwi Payroll Ltd
Kiwi Payroll Limited | Premium | NZD 89.00 => Kiwi Payroll Ltd
Kiwi Ltd — Payroll => Kiwi Ltd
Kiwi Ltd | Payroll add-on | NZD 12.00 => Kiwi Ltd
Kiwi Payroll — Standard => Kiwi Payroll Ltd
Kiwi Payroll Services Ltd — Standard => -

## plan word Total inside the name
+ Total Fitness Ltd
+ Fitness Ltd
Total Fitness Ltd — Standard => Total Fitness Ltd
TOTAL FITNESS LIMITED: 3 users => Total Fitness Ltd
Fitness Ltd — Standard — Total 65.00 => Fitness Ltd
Total Fitness — Premium => Total Fitness Ltd
Fitness Ltd — Premium => Fitness Ltd

## plan word Grow inside the name
+ Grow Nelson Ltd
+ Nelson Orchards Ltd
Grow Nelson Ltd — Grow => Grow Nelson Ltd
Grow Nelson Limited — Standard => Grow Nelson Ltd
Grow Nelson — Standard => Grow Nelson Ltd
Nelson Orchards Ltd — Grow => Nelson Orchards Ltd
Xero Grow — Nelson Orchards Ltd => Nelson Orchards Ltd
Nelson Ltd — Grow => -

## plan word Standard / Premium inside the name
+ Standard Electrical Ltd
+ Premium Meats Ltd
+ Electrical Ltd
Standard Electrical Ltd — Premium => Standard Electrical Ltd
Standard Electrical — Standard => Standard Electrical Ltd
Premium Meats Ltd — Standard => Premium Meats Ltd
Premium Meats — Premium — 89.00 => Premium Meats Ltd
Electrical Ltd — Standard => Electrical Ltd
Standard — Electrical Ltd => Electrical Ltd
Meats Ltd — Premium => -

## plan words Starter / Ledger / Early inside the name
+ Starter Homes Ltd
+ Ledger Lane Cafe Ltd
+ Early Bird Bakery Ltd
+ Bird Bakery Ltd
Starter Homes Ltd — Starter => Starter Homes Ltd
Starter Homes — Standard => Starter Homes Ltd
Ledger Lane Café Ltd — Ledger => Ledger Lane Cafe Ltd
Ledger Lane Cafe — Cashbook => Ledger Lane Cafe Ltd
Early Bird Bakery Ltd — Early => Early Bird Bakery Ltd
Early Bird Bakery — Standard => Early Bird Bakery Ltd
Bird Bakery Ltd — Early => Bird Bakery Ltd
Homes Ltd — Starter => -

## truncated lines with an & sibling
+ Pohutukawa Coast Plumbing Ltd
+ Pohutukawa Coast Plumbing & Gas Ltd
Pohutukawa Coast Plumbing &… ~> Pohutukawa Coast Plumbing & Gas Ltd
Pohutukawa Coast Plumbing & G... ~> Pohutukawa Coast Plumbing & Gas Ltd
Pohutukawa Coast Plumbing & Gas Ltd — Standard => Pohutukawa Coast Plumbing & Gas Ltd
Pohutukawa Coast Plumbing Ltd — Standard => Pohutukawa Coast Plumbing Ltd
Pohutukawa Coast Plumbing and Gas Limited — Standard => Pohutukawa Coast Plumbing & Gas Ltd
Pohutukawa Coast Plumbing Lt => Pohutukawa Coast Plumbing Ltd

## truncated lines, only the shorter a client
+ Riverside Landscaping Ltd
Riverside Landscaping &… => -
Riverside Landscaping & Design Ltd — Standard => -
Riverside Landscaping Limit => Riverside Landscaping Ltd
Riverside Landscaping Ltd — Standard => Riverside Landscaping Ltd
Riverside Landscapin… ~> Riverside Landscaping Ltd

## truncated legal words
+ Marlborough Vineyards Limited
+ Golden Bay Fruit Limited
+ Bayside Physiotherapy Pty Ltd
Marlborough Vineyards Limit => Marlborough Vineyards Limited
Marlborough Vineyards Limite — Premium => Marlborough Vineyards Limited
Marlborough Vineyards Lt — Premium => Marlborough Vineyards Limited
Marlborough Vineyards Ltd — Premium => Marlborough Vineyards Limited
Golden Bay Fruit Limi => Golden Bay Fruit Limited
Golden Bay Fruit Lim — Standard => Golden Bay Fruit Limited
Bayside Physiotherapy Pty L — Standard => Bayside Physiotherapy Pty Ltd
Bayside Physiotherapy Pty — Standard => Bayside Physiotherapy Pty Ltd
Bayside Physiotherapy P/L — Standard => Bayside Physiotherapy Pty Ltd

## P/L and Pty forms
+ Bondi Surf Supplies Pty Ltd
+ Coogee Cafe Pty Limited
+ Manly Marine Pty. Ltd.
Bondi Surf Supplies P/L — Standard => Bondi Surf Supplies Pty Ltd
BONDI SURF SUPPLIES P/L | Premium => Bondi Surf Supplies Pty Ltd
Bondi Surf Supplies PL — Standard => Bondi Surf Supplies Pty Ltd
Bondi Surf Supplies Pty. Limited — Standard => Bondi Surf Supplies Pty Ltd
Coogee Cafe P/L — Cashbook => Coogee Cafe Pty Limited
Coogee Café Pty Ltd — Cashbook => Coogee Cafe Pty Limited
Manly Marine P/L — Standard => Manly Marine Pty. Ltd.
Manly Marine Pty Ltd — Standard => Manly Marine Pty. Ltd.
Manly Marina P/L — Standard => -

## double vowels for macrons
+ Whānau Tahi Ltd
+ Kōrero Consulting Ltd
+ Ōtaki Pottery Ltd
+ Tāmaki Health Ltd
+ Te Kōhanga Reo o Māngere
Whaanau Tahi Ltd — Standard => Whānau Tahi Ltd
WHAANAU TAHI LIMITED | Premium => Whānau Tahi Ltd
Whanau Tahi Ltd — Standard => Whānau Tahi Ltd
Koorero Consulting Ltd — Standard => Kōrero Consulting Ltd
Korero Consulting — Standard => Kōrero Consulting Ltd
Ootaki Pottery Ltd — Cashbook => Ōtaki Pottery Ltd
Otaki Pottery — Cashbook => Ōtaki Pottery Ltd
Taamaki Health Ltd — Premium => Tāmaki Health Ltd
Tamaki Health Limited — Premium => Tāmaki Health Ltd
Te Koohanga Reo o Maangere — Starter => Te Kōhanga Reo o Māngere
Te Kohanga Reo o Mangere — Starter => Te Kōhanga Reo o Māngere
Tāmaki Health Centre Ltd — Premium => -

## near twins Morton / Marton
+ Morton Plumbing Ltd
+ Marton Plumbing Ltd
Morton Plumbing Ltd — Standard => Morton Plumbing Ltd
Marton Plumbing Ltd — Standard => Marton Plumbing Ltd
Mortn Plumbing Ltd — Standard ~> Morton Plumbing Ltd
Merton Plumbing Ltd — Standard => -
MARTON PLUMBING LIMITED => Marton Plumbing Ltd

## near twin Morton / Marton, only one a client
+ Morton Electrical Ltd
Marton Electrical Ltd — Standard => -
Morton Electrical Ltd — Standard => Morton Electrical Ltd
Morton Electrcal Ltd — Standard ~> Morton Electrical Ltd
Morton Electircal Ltd — Standard => Morton Electrical Ltd

## near twins Waipa / Waipu
+ Waipa Veterinary Services Ltd
Waipu Veterinary Services Ltd — Premium => -
Waipa Veterinary Services Ltd — Premium => Waipa Veterinary Services Ltd
Waipa Vetrinary Services Ltd — Premium ~> Waipa Veterinary Services Ltd
Waipa Veterniary Services Ltd — Premium => Waipa Veterinary Services Ltd

## near twins Dairy / Dairies
+ Waikato Dairy Ltd
+ Waikato Dairies Ltd
Waikato Dairys Ltd — Standard ~> Waikato Dairies Ltd
Waikato Dairy Ltd — Standard => Waikato Dairy Ltd
Waikato Dairies Limited — Standard => Waikato Dairies Ltd
WAIKATO DAIRY LIMITED => Waikato Dairy Ltd

## near twins, singular / plural only one a client
+ Taranaki Properties Ltd
Taranaki Property Ltd — Standard => -
Taranaki Properties Ltd — Standard => Taranaki Properties Ltd
Taranaki Propreties Ltd — Standard => Taranaki Properties Ltd

## near twins, one letter names
+ Kaur Hospitality Ltd
+ Kauri Hospitality Ltd
Kaur Hospitality Ltd — Standard => Kaur Hospitality Ltd
Kauri Hospitality Ltd — Standard => Kauri Hospitality Ltd
Kaury Hospitality Ltd — Standard ~> Kauri Hospitality Ltd

## near twins Bright / Wright
+ Bright Pharmacy Ltd
Wright Pharmacy Ltd — Standard => -
Bright Pharmacy Ltd — Standard => Bright Pharmacy Ltd
Brigth Pharmacy Ltd — Standard => Bright Pharmacy Ltd

## near twins Lawson / Larsen
+ Lawson Electrical Services Ltd
Larsen Electrical Services Ltd — Standard => -
Lawson Electrical Services — Standard => Lawson Electrical Services Ltd
Lawson Electrical Servcies Ltd — Standard => Lawson Electrical Services Ltd

## near twins Hamilton / Hamiltons
+ Hamilton Glass Ltd
+ Hamiltons Glass Ltd
Hamilton Glass Ltd — Premium => Hamilton Glass Ltd
Hamiltons Glass Ltd — Premium => Hamiltons Glass Ltd
Hamilton's Glass Ltd — Premium => Hamiltons Glass Ltd
Hamiltonn Glass Ltd — Premium ~> Hamilton Glass Ltd

## vendor layouts, label: value
+ Stonefield Security Ltd
+ Riverstone Cafe Limited
+ Kahu Design Ltd
+ Matai Joinery Ltd
Syft client entity - Stonefield Security => Stonefield Security Ltd
Client: Riverstone Cafe | 128 items => Riverstone Cafe Limited
Org: Kahu Design | Premium => Kahu Design Ltd
Product — Matai Joinery — Monthly => Matai Joinery Ltd
Organisation: Stonefield Security Limited => Stonefield Security Ltd
Customer: Kahu Design — Standard — 65.00 => Kahu Design Ltd
Entity: Matai Joinery | Plan: Growing | Period: Oct 2026 => Matai Joinery Ltd
Client entity: Riverstone Cafe - 3 users => Riverstone Cafe Limited
Subscriber: Stonefield Security (ID 44812) => Stonefield Security Ltd
Account name: Kahu Design; Plan: Premium => Kahu Design Ltd
Company - Matai Joinery => Matai Joinery Ltd

## vendor layouts, product first
+ Aroha Early Learning Ltd
+ Summit Surveyors Ltd
+ Greenfield Orchards Ltd
Dext Prepare — Aroha Early Learning — 3 users => Aroha Early Learning Ltd
Hubdoc — Summit Surveyors — Monthly => Summit Surveyors Ltd
ApprovalMax Standard - Greenfield Orchards => Greenfield Orchards Ltd
Xero Payroll — Aroha Early Learning Ltd — 12 employees => Aroha Early Learning Ltd
Fathom Analytics | Summit Surveyors | Annual => Summit Surveyors Ltd
WorkflowMax - Greenfield Orchards - 5 users => Greenfield Orchards Ltd
Futrli Advisor — Summit Surveyors => Summit Surveyors Ltd
Syft Analytics — Aroha Early Learning => Aroha Early Learning Ltd
LightYear — Greenfield Orchards — 120 documents => Greenfield Orchards Ltd
Spotlight Reporting (Summit Surveyors) => Summit Surveyors Ltd

## vendor layouts, ids and dates in brackets
+ Rata Roofing Ltd
+ Kea Courier Services Ltd
Rata Roofing Ltd [ORG-12345] => Rata Roofing Ltd
Rata Roofing (ID: 9f8e7d2c) — Standard => Rata Roofing Ltd
Rata Roofing (#4411) => Rata Roofing Ltd
Rata Roofing Ltd (Acct 00123) — Premium => Rata Roofing Ltd
Kea Courier Services (1 Oct – 31 Oct 2026) => Kea Courier Services Ltd
Kea Courier Services Ltd (Oct 2026) => Kea Courier Services Ltd
Kea Courier Services (2026-10) — Standard => Kea Courier Services Ltd
Kea Courier Services [01/10/2026 - 31/10/2026] => Kea Courier Services Ltd
[INV-2211] Kea Courier Services Ltd — Standard => Kea Courier Services Ltd
Kea Courier Services Ltd (Standard) $65.00 => Kea Courier Services Ltd
Rata Roofing Ltd (Premium, monthly) => Rata Roofing Ltd

## vendor layouts, plan with a country tag
+ Kangaroo Island Wines Pty Ltd
+ Tui Brewing Ltd
+ Sunrise Physio Ltd
Payroll AU — Kangaroo Island Wines Pty Ltd => Kangaroo Island Wines Pty Ltd
Xero Standard (NZ) — Tui Brewing Ltd => Tui Brewing Ltd
Tui Brewing — Payroll (NZ) — 12.00 => Tui Brewing Ltd
Sunrise Physio — Xero Premium NZ => Sunrise Physio Ltd
Kangaroo Island Wines — Standard (AU) => Kangaroo Island Wines Pty Ltd
Premium (UK) | Sunrise Physio => Sunrise Physio Ltd
Xero NZ Payroll - Sunrise Physio - 4 employees => Sunrise Physio Ltd

## vendor layouts, no legal words anywhere
+ Coastal Carpentry Ltd
+ Anchor Signs Ltd
+ Beacon Hill Dental Ltd
Coastal Carpentry — Standard — 65.00 => Coastal Carpentry Ltd
Standard — Coastal Carpentry => Coastal Carpentry Ltd
Monthly subscription: Anchor Signs => Anchor Signs Ltd
Anchor Signs: 128 items => Anchor Signs Ltd
Beacon Hill Dental / Premium / Oct 2026 => Beacon Hill Dental Ltd
Beacon Hill Dental · Premium · NZD 89.00 => Beacon Hill Dental Ltd
Premium — Beacon Hill Dental — Oct 2026 => Beacon Hill Dental Ltd
Anchor Signs, Cashbook, $35.00 => Anchor Signs Ltd

## vendor layouts, the firm and non-client lines
Bright Accountants Ltd — Partner plan => -
Xero Partner Plan — Ledger — 0.00 => -
Partner discount — 10% => -
GST adjustment => -
Rounding => -
Credit — prior period => -
Dext Partner subscription — 25 clients => -
Practice Manager — 5 users => -
Bank feeds — $5.00 => -
Xero HQ — Partner Program: annual fee => -
Late payment fee => -
Total => -
Payroll => -
Subtotal — 1,250.00 => -

## trading as
+ Kereru Holdings Ltd T/A Kereru Coffee
+ Moana Investments Ltd trading as Moana Fish Market
Kereru Coffee — Standard => Kereru Holdings Ltd T/A Kereru Coffee
Kereru Holdings Ltd — Standard => Kereru Holdings Ltd T/A Kereru Coffee
Kereru Holdings Ltd T/A Kereru Coffee — Standard => Kereru Holdings Ltd T/A Kereru Coffee
Moana Fish Market — Premium => Moana Investments Ltd trading as Moana Fish Market
Moana Investments Limited — Premium => Moana Investments Ltd trading as Moana Fish Market
Kereru Tea — Standard => -
Moana Fish & Chips — Premium => -

## extra or missing words
+ Acme Builders Ltd
+ Harbourside Dental Group Ltd
Acme Builders Group Ltd — Standard => -
Acme Builders Nelson Ltd — Standard => -
Acme Ltd — Standard => -
Acme Builders Ltd — Standard => Acme Builders Ltd
ACME BUILDERS — Standard => Acme Builders Ltd
Harbourside Dental Ltd — Premium ~> Harbourside Dental Group Ltd
Harbourside Dental Group Ltd — Premium => Harbourside Dental Group Ltd
Harbourside Dental Group Holdings Ltd — Premium => -

## word order and ampersands
+ Smith & Jones Lawyers
+ Jones & Smith Lawyers
Smith & Jones Lawyers — Standard => Smith & Jones Lawyers
Smith and Jones Lawyers — Standard => Smith & Jones Lawyers
Jones & Smith Lawyers — Standard => Jones & Smith Lawyers
JONES AND SMITH LAWYERS => Jones & Smith Lawyers
Smith Jones Lawyers — Standard ~> Smith & Jones Lawyers
Smith & Jones — Standard ~> Smith & Jones Lawyers

## hyphens and apostrophes
+ Smith-Jones Consulting Ltd
+ O'Connell's Bar Ltd
+ McDonald's Bakery Ltd
Smith Jones Consulting Ltd — Standard => Smith-Jones Consulting Ltd
SMITH-JONES CONSULTING LIMITED => Smith-Jones Consulting Ltd
OConnells Bar Ltd — Standard => O'Connell's Bar Ltd
O’Connell’s Bar Ltd — Standard => O'Connell's Bar Ltd
O'Connell Bar Ltd — Standard ~> O'Connell's Bar Ltd
McDonalds Bakery — Cashbook => McDonald's Bakery Ltd
MacDonald's Bakery Ltd — Cashbook => -

## abbreviations
+ Mount Eden Physio Ltd
+ St Kilda Dental Pty Ltd
+ Thompson Brothers Ltd
Mt Eden Physio Ltd — Standard ~> Mount Eden Physio Ltd
Mount Eden Physio Ltd — Standard => Mount Eden Physio Ltd
Saint Kilda Dental Pty Ltd — Standard ~> St Kilda Dental Pty Ltd
St Kilda Dental Pty Ltd — Standard => St Kilda Dental Pty Ltd
St. Kilda Dental P/L — Standard => St Kilda Dental Pty Ltd
Thompson Bros Ltd — Standard ~> Thompson Brothers Ltd
Thompson Brothers Limited — Standard => Thompson Brothers Ltd

## initials
+ J & K Builders Ltd
+ JK Motors Ltd
J&K Builders Ltd — Standard => J & K Builders Ltd
J and K Builders — Standard => J & K Builders Ltd
JK Builders Ltd — Standard ~> J & K Builders Ltd
J.K. Motors Ltd — Standard => JK Motors Ltd
JK Motors Limited — Standard => JK Motors Ltd
JM Motors Ltd — Standard => -
J & M Builders Ltd — Standard => -

## short names
+ AB Ltd
+ ABC Ltd
+ A1 Motors Ltd
AB Ltd — Standard => AB Ltd
ABC Ltd — Standard => ABC Ltd
ABD Ltd — Standard => -
A1 Motors Ltd — Standard => A1 Motors Ltd
A2 Motors Ltd — Standard => -
A 1 Motors Ltd — Standard ~> A1 Motors Ltd
AB Limited | Premium => AB Ltd

## UK naming
+ Hargreaves & Sons Ltd
+ Hargreaves Ltd
+ Pemberton Wright LLP
+ Ashworth (Holdings) Ltd
+ J. Bloggs & Son (Builders) Ltd
+ Northern Rail Supplies plc
Hargreaves & Sons Ltd — Standard => Hargreaves & Sons Ltd
Hargreaves and Sons Limited — Standard => Hargreaves & Sons Ltd
Hargreaves Ltd — Standard => Hargreaves Ltd
Hargreaves & Son Ltd — Standard ~> Hargreaves & Sons Ltd
Hargreaves & Sons (Leeds) Ltd — Standard => -
Pemberton Wright LLP — Standard => Pemberton Wright LLP
Pemberton Wright — Standard => Pemberton Wright LLP
Pemberton Wright Ltd — Standard ~> Pemberton Wright LLP
Ashworth (Holdings) Ltd — Premium => Ashworth (Holdings) Ltd
Ashworth Holdings Ltd — Premium => Ashworth (Holdings) Ltd
Ashworth Ltd — Premium => -
J Bloggs & Son (Builders) Ltd — Standard => J. Bloggs & Son (Builders) Ltd
J. BLOGGS & SON (BUILDERS) LIMITED => J. Bloggs & Son (Builders) Ltd
J. Bloggs & Son Ltd — Standard ~> J. Bloggs & Son (Builders) Ltd
Northern Rail Supplies PLC — Standard => Northern Rail Supplies plc
Northern Rail Supplies Public Limited Company — Standard => Northern Rail Supplies plc
Northern Rail Supplies (Scotland) Ltd — Standard => -

## UK regional brackets
+ Carter Haulage (Northern) Ltd
+ Carter Haulage (Southern) Ltd
Carter Haulage (Northern) Ltd — Standard => Carter Haulage (Northern) Ltd
Carter Haulage (Southern) Limited — Standard => Carter Haulage (Southern) Ltd
Carter Haulage Ltd — Standard => -
Carter Haulage (Midlands) Ltd — Standard => -
Carter Haulage Northern Ltd — Standard => Carter Haulage (Northern) Ltd

## incorporated societies and clubs
+ Kapiti Coast Rugby Club Incorporated
+ Friends of the Botanic Garden Inc
Kapiti Coast Rugby Club Inc — Standard => Kapiti Coast Rugby Club Incorporated
Kapiti Coast Rugby Club — Standard => Kapiti Coast Rugby Club Incorporated
Kapiti Coast Netball Club Inc — Standard => -
Friends of the Botanic Garden Incorporated — Standard => Friends of the Botanic Garden Inc
Friends of Botanic Garden Inc — Standard ~> Friends of the Botanic Garden Inc
Friends of the Botanic Gardens Inc — Standard ~> Friends of the Botanic Garden Inc

## the
+ The Coffee Club Ltd
+ The Warehouse Group Ltd
Coffee Club Ltd — Standard => The Coffee Club Ltd
THE COFFEE CLUB LIMITED => The Coffee Club Ltd
The Warehouse Group Ltd — Premium => The Warehouse Group Ltd
Warehouse Group — Premium => The Warehouse Group Ltd
The Warehouse Ltd — Premium => -

## accents and case
+ Café Roma Ltd
+ Crème de la Crème Catering Ltd
CAFE ROMA LTD — Standard => Café Roma Ltd
cafe roma limited — standard => Café Roma Ltd
Café Roma Ltd — Standard => Café Roma Ltd
Creme de la Creme Catering Ltd — Premium => Crème de la Crème Catering Ltd
CRÈME DE LA CRÈME CATERING — Premium => Crème de la Crème Catering Ltd
Cafe Romeo Ltd — Standard => -

## branch and place words
+ Harcourts Nelson Ltd
+ Harcourts Motueka Ltd
Harcourts Nelson Ltd — Standard => Harcourts Nelson Ltd
Harcourts Motueka Limited — Standard => Harcourts Motueka Ltd
Harcourts Richmond Ltd — Standard => -
Harcourts Ltd — Standard => -
Harcourts (Nelson) Ltd — Standard => Harcourts Nelson Ltd

## numbers that are part of names
+ Studio 54 Ltd
+ Route 66 Motors Ltd
+ 3 Kings Plumbing Ltd
Studio 54 Ltd — Standard => Studio 54 Ltd
Studio 54 — Standard — 65.00 => Studio 54 Ltd
Studio 45 Ltd — Standard => -
Route 66 Motors Ltd: 3 users => Route 66 Motors Ltd
Route 66 Motors — Premium => Route 66 Motors Ltd
Route 67 Motors Ltd — Premium => -
3 Kings Plumbing Ltd — Standard => 3 Kings Plumbing Ltd
Three Kings Plumbing Ltd — Standard ~> 3 Kings Plumbing Ltd
4 Kings Plumbing Ltd — Standard => -

## amounts and quantities next to names
+ Redwood Media Ltd
+ Ironbark Engineering Pty Ltd
Redwood Media Ltd 65.00 => Redwood Media Ltd
Redwood Media Ltd x3 => Redwood Media Ltd
3 x Redwood Media Ltd => Redwood Media Ltd
Redwood Media — 3 users @ $10.00 => Redwood Media Ltd
Ironbark Engineering Pty Ltd AUD 120.00 => Ironbark Engineering Pty Ltd
Ironbark Engineering: 1,250 transactions => Ironbark Engineering Pty Ltd
$89.00 Ironbark Engineering Pty Ltd Premium => Ironbark Engineering Pty Ltd

## families with many entities
+ Ngata Holdings Ltd
+ Ngata Farming Ltd
+ Ngata Family Trust
+ Ngata Whānau Trust
Ngata Holdings Ltd — Standard => Ngata Holdings Ltd
Ngata Farming Ltd — Standard => Ngata Farming Ltd
Ngata Family Trust — Cashbook => Ngata Family Trust
Ngata Whaanau Trust — Cashbook => Ngata Whānau Trust
Ngata Whanau Trust — Cashbook => Ngata Whānau Trust
Ngata Trust — Cashbook ~> Ngata Family Trust
Ngata Ltd — Standard => -
Ngata Farms Ltd — Standard ~> Ngata Farming Ltd

## similar trades
+ Kowhai Electrical Ltd
+ Kowhai Electrical Services Ltd
+ Kowhai Electric Ltd
Kowhai Electrical Ltd — Standard => Kowhai Electrical Ltd
Kowhai Electrical Services Ltd — Standard => Kowhai Electrical Services Ltd
Kowhai Electric Ltd — Standard => Kowhai Electric Ltd
Kowhai Electricals Ltd — Standard ~> Kowhai Electrical Ltd
Kowhai Electrical Service Ltd — Standard ~> Kowhai Electrical Services Ltd

## similar names with shared long words
+ Canterbury Property Management Ltd
+ Canterbury Property Maintenance Ltd
Canterbury Property Management Ltd — Premium => Canterbury Property Management Ltd
Canterbury Property Maintenance Ltd — Premium => Canterbury Property Maintenance Ltd
Canterbury Property Managment Ltd — Premium => Canterbury Property Management Ltd
Canterbury Property Mangement Ltd — Premium ~> Canterbury Property Management Ltd
Canterbury Property Ltd — Premium => -

## typos in unique long names
+ Queenstown Adventure Tours Ltd
+ Hokitika Greenstone Gallery Ltd
Queenstown Adventure Tuors Ltd — Standard => Queenstown Adventure Tours Ltd
Queenstwon Adventure Tours Ltd — Standard => Queenstown Adventure Tours Ltd
Queenstown Adventrue Tours — Standard => Queenstown Adventure Tours Ltd
Hokitika Greenstone Gallerry Ltd — Premium => Hokitika Greenstone Gallery Ltd
Hokitika Greenstone Galery Ltd — Premium ~> Hokitika Greenstone Gallery Ltd
Hokitika Greenstone Gallery Ltd — Premium => Hokitika Greenstone Gallery Ltd
Hokitika Jade Gallery Ltd — Premium => -

## Māori place names differing by one letter
+ Tauranga Marine Ltd
+ Taupo Marine Ltd
Tauranga Marine Ltd — Standard => Tauranga Marine Ltd
Taupō Marine Ltd — Standard => Taupo Marine Ltd
Taupoo Marine Ltd — Standard => Taupo Marine Ltd
Taupa Marine Ltd — Standard => -
Tauranaga Marine Ltd — Standard ~> Tauranga Marine Ltd

## Ōtautahi and Whanganui spellings
+ Whanganui River Tours Ltd
+ Ōtautahi Events Ltd
Whanganui River Tours Ltd — Standard => Whanganui River Tours Ltd
Wanganui River Tours Ltd — Standard ~> Whanganui River Tours Ltd
Otautahi Events Ltd — Standard => Ōtautahi Events Ltd
Ootautahi Events — Standard => Ōtautahi Events Ltd

## group companies
+ Pacific Group Ltd
+ Pacific Group Holdings Ltd
+ Pacific Group (NZ) Ltd
Pacific Group Ltd — Standard => Pacific Group Ltd
Pacific Group Holdings Ltd — Standard => Pacific Group Holdings Ltd
Pacific Group (NZ) Ltd — Standard => Pacific Group (NZ) Ltd
Pacific Group NZ Limited — Standard => Pacific Group (NZ) Ltd
Pacific Group New Zealand Ltd — Standard => Pacific Group (NZ) Ltd
Pacific Group (Australia) Pty Ltd — Standard => -
Pacific Ltd — Standard => -

## New Zealand written out
+ Compass Marine New Zealand Ltd
Compass Marine NZ Ltd — Standard => Compass Marine New Zealand Ltd
Compass Marine (NZ) Limited — Standard => Compass Marine New Zealand Ltd
Compass Marine New Zealand Limited => Compass Marine New Zealand Ltd
Compass Marine Australia Pty Ltd — Standard => -
Compass Marine Ltd — Standard => -

## limited partnerships and partnerships
+ Hawke's Bay Vineyard LP
+ Fraser & Reid Partnership
Hawkes Bay Vineyard LP — Standard => Hawke's Bay Vineyard LP
Hawke's Bay Vineyard Limited Partnership — Standard ~> Hawke's Bay Vineyard LP
Hawke's Bay Vineyard GP Ltd — Standard => -
Fraser & Reid Partnership — Cashbook => Fraser & Reid Partnership
Fraser and Reid Partnership — Cashbook => Fraser & Reid Partnership
Fraser & Reid — Cashbook ~> Fraser & Reid Partnership
Fraser & Reid Ltd — Cashbook => -

## sole traders
+ John Smith
+ Jane Smith
+ Aroha Tipene
John Smith — Cashbook => John Smith
Jane Smith — Cashbook => Jane Smith
J Smith — Cashbook ~> John Smith
Aroha Tipene — Cashbook => Aroha Tipene
Tipene, Aroha — Cashbook ~> Aroha Tipene
Joan Smith — Cashbook => -

## long lines with several parts
+ Cedar Ridge Developments Ltd
+ Willow Bank Nursery Ltd
Xero Standard | Cedar Ridge Developments Ltd | 01/10/2026 - 31/10/2026 | 65.00 => Cedar Ridge Developments Ltd
Invoice 20261031 · Cedar Ridge Developments · Standard plan · monthly => Cedar Ridge Developments Ltd
Dext Prepare (Business) - Willow Bank Nursery - 1,250 receipts - Oct 2026 => Willow Bank Nursery Ltd
Willow Bank Nursery Ltd — Xero Payroll (NZ) — 6 employees — 30.00 => Willow Bank Nursery Ltd
Subscription for Willow Bank Nursery Ltd (Premium) => Willow Bank Nursery Ltd
Cedar Ridge Developments Ltd - Plan: Ultimate - Users: 5 - Total: 120.00 => Cedar Ridge Developments Ltd

## vendor name inside the line
+ Xavier Consulting Ltd
+ Hubbard Dental Ltd
Xero — Xavier Consulting Ltd — Standard => Xavier Consulting Ltd
Hubdoc — Hubbard Dental Ltd => Hubbard Dental Ltd
Dext — Hubbard Dental — 40 docs => Hubbard Dental Ltd
Xero Hubdoc add-on — Xavier Consulting => Xavier Consulting Ltd

## names that look like plan words only
+ Ultimate Cleaning Ltd
+ Essentials Pharmacy Ltd
+ Premier Print Ltd
Ultimate Cleaning Ltd — Ultimate => Ultimate Cleaning Ltd
Ultimate Cleaning — Standard => Ultimate Cleaning Ltd
Cleaning Ltd — Ultimate => -
Essentials Pharmacy — Essentials => Essentials Pharmacy Ltd
Essentials Pharmacy Ltd — Standard => Essentials Pharmacy Ltd
Premier Print Ltd — Premium => Premier Print Ltd
Premium Print Ltd — Premium => -

## monthly and annual words inside names
+ Monthly Meals Ltd
+ Annual Events Ltd
Monthly Meals Ltd — Monthly => Monthly Meals Ltd
Monthly Meals — Standard => Monthly Meals Ltd
Annual Events Ltd — Annual => Annual Events Ltd
Annual Events — Premium — 1,250.00 => Annual Events Ltd
Meals Ltd — Monthly => -

## punctuation and spacing noise
+ Blue Fern Design Ltd
BLUE  FERN   DESIGN LTD => Blue Fern Design Ltd
Blue Fern Design Ltd. — Standard => Blue Fern Design Ltd
"Blue Fern Design Ltd" - Standard => Blue Fern Design Ltd
Blue Fern Design Ltd,Standard,65.00 => Blue Fern Design Ltd
Blue Fern Design Ltd;Premium => Blue Fern Design Ltd
Blue-Fern Design Ltd — Standard => Blue Fern Design Ltd
BlueFern Design Ltd — Standard ~> Blue Fern Design Ltd

## strangers close to nothing
Zenith Roofing Ltd — Standard — 65.00 => -
Tuatara Tech Ltd | Premium => -
Client: Huia Holdings | 40 items => -
Org: Matariki Media | Premium => -
The Trustee for THE OKAFOR FAMILY TRUST — Ledger => -
Product — Kawakawa Kitchens — Monthly => -
Syft client entity - Pūriri Property => -
Dext Prepare — Nīkau Nails — 3 users => -
Gannet Grove Homes (2020) Ltd — Standard => -
7701234 Ltd — Ledger => -
"""
