//! Country facts the GDPR rules need: ISO codes, the EEA, and the adequacy decisions.

/// Every ISO 3166-1 alpha-2 code.
const CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW \
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ \
UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Members of the European Economic Area: the EU 27 plus Iceland, Liechtenstein, Norway.
const EEA: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// Countries with an adequacy decision of the European Commission (Art. 45) for all
/// transfers. The United States are adequate only for organisations certified under
/// the EU-US Data Privacy Framework; that is the `eu-us-dpf` mechanism, not listed here.
const ADEQUATE: &[&str] = &[
    "AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY",
];

/// Every ISO 3166-1 alpha-2 code, sorted.
pub fn codes() -> Vec<&'static str> {
    CODES.split(' ').collect()
}

/// Whether `code` is an ISO 3166-1 alpha-2 code.
pub fn is_known(code: &str) -> bool {
    code.len() == 2 && CODES.split(' ').any(|c| c == code)
}

/// Whether the country is in the EEA (no Chapter V transfer needed).
pub fn in_eea(code: &str) -> bool {
    EEA.contains(&code)
}

/// Whether the Commission found the country adequate (Art. 45).
pub fn adequate(code: &str) -> bool {
    ADEQUATE.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eea_and_adequacy_are_known_codes() {
        for c in EEA.iter().chain(ADEQUATE) {
            assert!(is_known(c), "{c}");
        }
        assert_eq!(CODES.split(' ').count(), 249);
        assert!(in_eea("DE") && !in_eea("US") && !in_eea("CH") && adequate("CH"));
    }
}
