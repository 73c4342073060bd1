// Geographic area codes -> IANA zone for countries that span several zones (US, Canada, Australia, Brazil,
// Mexico, Russia). Prefixes of the national significant number (no trunk prefix). Where one area code covers
// two zones, it maps to the zone where most of its people live. Mobile and non-geographic numbers are absent
// on purpose: the caller falls back to the country's principal zone and says so.

type Table = Readonly<Record<string, readonly string[]>>;

// North American Numbering Plan, US area codes by zone.
const US: Table = {
  'America/New_York': [
    // CT DE DC
    '203', '475', '860', '959', '302', '202', '771',
    // FL (peninsula)
    '239', '305', '321', '324', '352', '386', '407', '561', '645', '656', '689', '727', '754', '772', '786', '813', '863', '904', '941', '954',
    // GA
    '229', '404', '470', '478', '678', '706', '762', '770', '912', '943',
    // IN (all but the north-west and south-west corners), KY (east), ME, MD, MA
    '260', '317', '463', '574', '765', '812', '930', '502', '606', '859', '207', '227', '240', '301', '410', '443', '667',
    '339', '351', '413', '508', '617', '774', '781', '857', '978',
    // MI, NH, NJ
    '231', '248', '269', '313', '517', '586', '616', '679', '734', '810', '906', '947', '989', '603',
    '201', '551', '609', '640', '732', '848', '856', '862', '908', '973',
    // NY
    '212', '315', '329', '332', '347', '363', '516', '518', '585', '607', '624', '631', '646', '680', '716', '718', '838', '845', '914', '917', '929', '934',
    // NC, OH
    '252', '336', '472', '704', '743', '828', '910', '919', '980', '984',
    '216', '220', '234', '283', '326', '330', '380', '419', '436', '440', '513', '567', '614', '740', '937',
    // PA, RI, SC, TN (east), VT, VA, WV
    '215', '223', '267', '272', '412', '445', '484', '570', '582', '610', '717', '724', '814', '835', '878', '401',
    '803', '821', '839', '843', '854', '864', '423', '865', '802',
    '276', '434', '540', '571', '686', '703', '757', '804', '826', '948', '304', '681',
  ],
  'America/Chicago': [
    // AL, AR, FL panhandle, IL, IN north-west, IA, KS, KY west
    '205', '251', '256', '334', '483', '659', '938', '327', '479', '501', '870', '448', '850',
    '217', '224', '309', '312', '331', '447', '464', '618', '630', '708', '730', '773', '779', '815', '847', '861', '872', '219',
    '319', '515', '563', '641', '712', '316', '620', '785', '913', '270', '364',
    // LA, MN, MS, MO
    '225', '318', '337', '457', '504', '985', '218', '320', '507', '612', '651', '763', '924', '952', '228', '601', '662', '769',
    '235', '314', '417', '557', '573', '636', '660', '816', '975',
    // NE, ND, OK, SD, TN (middle and west)
    '308', '402', '531', '701', '405', '539', '572', '580', '918', '605', '615', '629', '731', '901', '931',
    // TX (all but El Paso)
    '210', '214', '254', '281', '325', '346', '361', '409', '430', '432', '469', '512', '682', '713', '726', '737', '806',
    '817', '830', '832', '903', '936', '940', '945', '956', '972', '979',
    // WI
    '262', '274', '353', '414', '534', '608', '715', '920',
  ],
  'America/Denver': ['303', '719', '720', '970', '983', '406', '505', '575', '385', '435', '801', '307', '915'],
  'America/Boise': ['208', '986'],
  'America/Phoenix': ['480', '520', '602', '623', '928'],
  'America/Los_Angeles': [
    '209', '213', '279', '310', '323', '341', '350', '357', '369', '408', '415', '424', '442', '510', '530', '559', '562',
    '619', '626', '628', '650', '657', '661', '669', '707', '714', '738', '747', '760', '805', '818', '820', '831', '837',
    '840', '858', '909', '916', '925', '949', '951',
    '702', '725', '775', '458', '503', '541', '971', '206', '253', '360', '425', '509', '564',
  ],
  'America/Anchorage': ['907'],
  'Pacific/Honolulu': ['808'],
};

const CA: Table = {
  'America/Toronto': [
    '226', '249', '289', '343', '365', '382', '416', '437', '519', '548', '613', '647', '683', '705', '742', '753', '807', '905',
    '263', '354', '367', '418', '438', '450', '468', '514', '579', '581', '819', '873',
  ],
  'America/Halifax': ['782', '902', '428', '506'],
  'America/St_Johns': ['709', '879'],
  'America/Winnipeg': ['204', '431', '584'],
  'America/Regina': ['306', '474', '639'],
  'America/Edmonton': ['368', '403', '587', '780', '825'],
  'America/Vancouver': ['236', '250', '257', '604', '672', '778'],
  'America/Whitehorse': ['867'],
};

// Australia: the digit after the trunk 0 names the region; 8 is shared by SA, NT and WA.
const AU: Table = {
  'Australia/Sydney': ['2'],
  'Australia/Melbourne': ['3'],
  'Australia/Hobart': ['36'],
  'Australia/Brisbane': ['7'],
  'Australia/Adelaide': ['8'],
  'Australia/Darwin': ['889'],
  'Australia/Perth': ['86', '89'],
};

// Brazil: two-digit DDD codes.
const BR: Table = {
  'America/Sao_Paulo': [
    '11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '22', '24', '27', '28', '31', '32', '33', '34', '35', '37', '38',
    '41', '42', '43', '44', '45', '46', '47', '48', '49', '51', '53', '54', '55', '61', '62', '64',
  ],
  'America/Bahia': ['71', '73', '74', '75', '77'],
  'America/Maceio': ['79', '82'],
  'America/Recife': ['81', '87'],
  'America/Fortaleza': ['83', '84', '85', '86', '88', '89', '98', '99'],
  'America/Belem': ['91', '94', '96'],
  'America/Santarem': ['93'],
  'America/Manaus': ['92', '97'],
  'America/Boa_Vista': ['95'],
  'America/Araguaina': ['63'],
  'America/Cuiaba': ['65', '66'],
  'America/Campo_Grande': ['67'],
  'America/Rio_Branco': ['68'],
  'America/Porto_Velho': ['69'],
};

// Mexico: only the areas off Mexico City time; every other area code is America/Mexico_City.
const MX: Table = {
  'America/Tijuana': ['664', '665', '646', '686', '661', '616'],
  'America/Hermosillo': ['662', '644', '631', '653', '641', '642', '647', '633', '634', '637', '638', '623', '622'],
  'America/Mazatlan': ['612', '613', '615', '624', '667', '669', '668', '687', '672', '673', '694', '696', '697', '698', '311', '319', '323', '324', '325', '327', '389'],
  'America/Chihuahua': ['614', '625', '626', '627', '628', '629', '635', '636', '639', '648', '649'],
  'America/Ciudad_Juarez': ['656'],
  'America/Cancun': ['998', '984', '983', '987', '997'],
  'America/Mexico_City': ['55', '33', '81'],
};

// Russia: three-digit ABC codes (mobile DEF codes 9xx are absent).
const RU: Table = {
  'Europe/Moscow': ['495', '499', '812', '843', '831', '863', '861', '862', '473', '472', '474', '475', '481', '482', '483', '484', '485', '486', '487', '491', '492', '493', '494', '496', '498', '811', '813', '814', '815', '816', '817', '818', '820', '821', '833', '834', '835', '836', '841', '865', '866', '867', '869', '871', '872', '873', '877', '878', '879'],
  'Europe/Kaliningrad': ['401'],
  'Europe/Samara': ['846', '848', '341'],
  'Europe/Saratov': ['845'],
  'Europe/Volgograd': ['844'],
  'Europe/Astrakhan': ['851'],
  'Europe/Ulyanovsk': ['842'],
  'Asia/Yekaterinburg': ['343', '342', '345', '346', '347', '349', '351', '352', '353'],
  'Asia/Omsk': ['381'],
  'Asia/Novosibirsk': ['383'],
  'Asia/Tomsk': ['382'],
  'Asia/Barnaul': ['385', '388'],
  'Asia/Novokuznetsk': ['384'],
  'Asia/Krasnoyarsk': ['391', '390', '394'],
  'Asia/Irkutsk': ['395', '301'],
  'Asia/Chita': ['302'],
  'Asia/Yakutsk': ['411'],
  'Asia/Vladivostok': ['423', '421', '426'],
  'Asia/Sakhalin': ['424'],
  'Asia/Magadan': ['413'],
  'Asia/Kamchatka': ['415'],
  'Asia/Anadyr': ['427'],
};

const TABLES: Readonly<Record<string, Table>> = { US, CA, AU, BR, MX, RU };

/** Countries whose zone is looked up by area code. */
export const AREA_CODE_COUNTRIES: readonly string[] = Object.keys(TABLES);

const INDEX: ReadonlyMap<string, readonly (readonly [string, string])[]> = new Map(
  Object.entries(TABLES).map(([country, table]) => {
    const entries = Object.entries(table).flatMap(([zone, prefixes]) => prefixes.map((p) => [p, zone] as const));
    // Longest prefix first, so "889" (Darwin) wins over "8" (Adelaide).
    entries.sort((a, b) => b[0].length - a[0].length);
    return [country, entries];
  }),
);

/** The zone of a national significant number's area code, or undefined when the table has no match. */
export function zoneForAreaCode(country: string, nationalNumber: string): { zone: string; areaCode: string } | undefined {
  for (const [prefix, zone] of INDEX.get(country) ?? []) {
    if (nationalNumber.startsWith(prefix)) return { zone, areaCode: prefix };
  }
  return undefined;
}

/** Every zone the tables name (for tests). */
export function areaCodeZones(): string[] {
  return [...new Set(Object.values(TABLES).flatMap((t) => Object.keys(t)))];
}
