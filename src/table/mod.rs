//! Reading the tables users give us: partner tables (CSV as German Excel
//! writes it, GeoJSON points, sheets of `.xlsx`/`.ods` workbooks) with encoding, delimiter and header detection,
//! and the columns that carry names, places and coordinates found by their
//! German or English names.
//!
//! The reader is generic over what a row means; [`crate::network`] and the
//! geocoder give the rows their meaning.

mod encoding;
mod error;
mod reader;
mod text;
mod workbook;

pub use encoding::TextEncoding;
pub use error::InputError;
pub use reader::{
    ColumnRoles, MAX_TABLE_BYTES, NotANumber, PartnerTable, RowCoordinates, TableBlocks,
    TableFormat, TableRow, header_key, parse_number, read_delimited_table, read_table, read_text,
};
#[cfg(test)]
pub(crate) use text::utf16_with_bom;
pub use workbook::{
    SheetPath, SheetRows, is_workbook, open_any_blocks, read_any_table, read_workbook, split_sheet,
    workbook_bytes,
};
