//! Writes `examples/muensterland/daten.xlsx`, the illustrative data of the
//! Münsterland example, from the rows below (sheets Projekte and Partner):
//!
//!     cargo run --example muensterland_daten
//!
//! The rows are the source; the workbook is written byte for byte the same
//! each time. The data are made up (see examples/muensterland/README.md).

const PROJEKTE: &str = "\
Nr;Titel;Handlungsfeld;Status;Koordination;Ort;Breite;Länge
M1;Mobilstationen Münsterland;Mobilität;Umsetzung;Münsterland e.V.;Greven;;
M2;Wärme aus dem Dorf;Klima und Energie;Umsetzung;Kreis Steinfurt;Steinfurt;;
M3;Gesund älter werden auf dem Land;Gesundheit;Planung;FH Münster;muenster;;
M4;Grenzenlos pendeln;Mobilität;abgeschlossen;Stadt Gronau;Gronau;;
M5;Hofnahe Wertschöpfung;Ernährung und Landwirtschaft;Umsetzung;Landwirtschaftskammer NRW;48147 Münster;;
M6;Starkregen im Kreis Coesfeld;Klima und Energie;Planung;Kreis Coesfeld;Coesfeld;51.9458;7.1675
";

const PARTNER: &str = "\
Projekt;Nr;Name;Rolle;Akteurstyp;Ort;Breite;Länge
M1;M1-01;Münsterland e.V.;Leitung;Verein;Greven;;
M1;M1-02;Stadt Münster, Amt für Mobilität;Projektpartner;Kommune;Münster;;
M1;M1-03;Kreis Warendorf;Projektpartner;Kommune;Warendorf;;
M1;M1-04;Regionalverkehr Münsterland GmbH;Projektpartner;Unternehmen;Münster;;
M1;M1-05;Stadt Ahlen;Netzwerkpartner;Kommune;Ahlen;;
M1;M1-06;Gemeinde Ostbevern;Netzwerkpartner;Kommune;Ostbevern;;
M1;M1-07;ADFC Münsterland;Netzwerkpartner;Verein;Telgte ;;
M1;M1-08;Universität Münster, Institut für Geographie;Netzwerkpartner;Hochschule;Münster;;
M1;M1-09;Verkehrsverbund Rhein-Ruhr;Netzwerkpartner;Unternehmen;Gelsenkirchen;;
M2;M2-01;Kreis Steinfurt, Amt für Klimaschutz;Leitung;Kommune;Steinfurt;;
M2;M2-02;Stadtwerke Rheine;Projektpartner;Unternehmen;Rheine;;
M2;M2-03;Gemeinde Saerbeck;Projektpartner;Kommune;Saerbeck;;
M2;M2-04;Energiegenossenschaft Tecklenburger Land;Projektpartner;Verein;Ibbenbueren;;
M2;M2-05;FH Münster, Campus Steinfurt;Projektpartner;Hochschule;Steinfurt;;
M2;M2-06;Stadt Emsdetten;Netzwerkpartner;Kommune;Emsdetten;;
M2;M2-07;Handwerkskammer Münster;Netzwerkpartner;Kammer/Verband;Münster;;
M2;M2-08;Hochschule Osnabrück;Netzwerkpartner;Hochschule;Osnabrück;;
M2;M2-09;Saxion Hogeschool;Netzwerkpartner;Hochschule;Enschede;;
M3;M3-01;FH Münster, Fachbereich Gesundheit;Leitung;Hochschule;muenster;;
M3;M3-02;Kreis Borken, Gesundheitsamt;Projektpartner;Kommune;Borken;;
M3;M3-03;Klinikum Westmünsterland;Projektpartner;Unternehmen;BOCHOLT;;
M3;M3-04;Stadt Lüdinghausen;Projektpartner;Kommune;Lüdinghausen;;
M3;M3-05;Caritasverband Coesfeld;Netzwerkpartner;Verein;48653 Coesfeld;;
M3;M3-06;Gemeinde Nordkirchen;Netzwerkpartner;Kommune;Nordkirchen;;
M3;M3-07;Ärztenetz Dülmen;Netzwerkpartner;Verein;Dülmen;;
M3;M3-08;Universität Bielefeld, Gesundheitswissenschaften;Netzwerkpartner;Hochschule;Bielefeld;;
M4;M4-01;Stadt Gronau;Leitung;Kommune;Gronau;;
M4;M4-02;Stadt Ahaus;Projektpartner;Kommune;Ahaus;;
M4;M4-03;Stadt Vreden;Projektpartner;Kommune;Vreden;;
M4;M4-04;Gemeente Enschede;Projektpartner;Kommune;Enschede;;
M4;M4-05;EUREGIO;Netzwerkpartner;Kammer/Verband;Gronau (Westf.);;
M4;M4-06;Stadt Stadtlohn;Netzwerkpartner;Kommune;Stadtlohn;;
M4;M4-07;Gemeinde Heek;Netzwerkpartner;Kommune;Heek;;
M5;M5-01;Landwirtschaftskammer NRW;Leitung;Kammer/Verband;48147 Münster;;
M5;M5-02;Hof Brüggemann;Projektpartner;Unternehmen;Drensteinfurt;;
M5;M5-03;Molkerei Ennigerloh;Projektpartner;Unternehmen;Ennigerloh;;
M5;M5-04;Kreis Warendorf, Wirtschaftsförderung;Projektpartner;Kommune;Warendorf;;
M5;M5-05;Stadt Oelde;Netzwerkpartner;Kommune;Oelde;;
M5;M5-06;Landfrauenverband Westfalen;Netzwerkpartner;Verein;Beckum;;
M5;M5-07;Universität Münster, Landschaftsökologie;Netzwerkpartner;Hochschule;Münster;;
M5;M5-08;Regionalmarkt Emsland;Netzwerkpartner;Unternehmen;Lingen (Ems);;
M6;M6-01;Kreis Coesfeld, Umweltamt;Leitung;Kommune;Coesfeld;51.9458;7.1675
M6;M6-02;Stadt Dülmen;Projektpartner;Kommune;Dülmen;;
M6;M6-03;Lippeverband;Projektpartner;Kammer/Verband;Essen;;
M6;M6-04;Gemeinde Senden;Projektpartner;Kommune;Senden (Westf.);;
M6;M6-05;Gemeinde Havixbeck;Netzwerkpartner;Kommune;Havixbeck;;
M6;M6-06;Stadt Olfen;Netzwerkpartner;Kommune;Olfen;;
M6;M6-07;Gemeinde Rosendahl;Netzwerkpartner;Kommune;Rosendahl;;
M6;M6-08;Ingenieurbüro Wasser & Land;Netzwerkpartner;Unternehmen;Billerbeck;;
";

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| line.split(';').map(str::to_string).collect())
        .collect()
}

fn main() {
    let target =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/muensterland/daten.xlsx");
    let bytes = ruhrmap::table::workbook_bytes(&[
        ("Projekte", &rows(PROJEKTE)),
        ("Partner", &rows(PARTNER)),
    ])
    .expect("the rows make a workbook");
    std::fs::write(&target, bytes).expect("examples/muensterland is writable");
    println!("{}", target.display());
}
