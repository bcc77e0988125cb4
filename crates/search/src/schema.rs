//! The fields of the catalog index and how a service item fills them.

use crate::Offer;
use crate::tokenizer::TOKENIZER_NAME;
use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Separator of the parts of a document key. It cannot occur in a node id or an offer id, and
/// the catalogs use no control characters in sources or record ids.
const KEY_SEPARATOR: char = '\u{1f}';

/// The fields of the index, resolved against its schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Node id, source, record id and offer id joined: the unit that re-indexing replaces. Also
    /// the sort key of a listing without query text.
    pub(crate) doc_key: Field,
    pub(crate) source: Field,
    pub(crate) record_id: Field,
    /// The node's own id of the entry, such as an implementation id.
    pub(crate) offer_id: Field,
    /// Node id, for the node filter.
    pub(crate) node: Field,
    /// Item name (事项名称).
    pub(crate) name: Field,
    /// Main item and handling item names (主项, 业务办理项).
    pub(crate) other_names: Field,
    /// Implementing agency, segmented for text search.
    pub(crate) agency: Field,
    /// Implementing agency as written, for the department filter.
    pub(crate) department: Field,
    pub(crate) region: Field,
    /// Item type name such as 行政许可, segmented.
    pub(crate) item_type_name: Field,
    /// Two-digit A.1 code, for the item type filter.
    pub(crate) item_type_code: Field,
    pub(crate) conditions: Field,
    pub(crate) materials: Field,
    pub(crate) legal_basis: Field,
    pub(crate) guide_complete: Field,
}

/// Field names, in schema order. Renaming one makes existing indexes fail to open with
/// [`crate::SearchError::SchemaMismatch`] until they are rebuilt.
pub(crate) const DOC_KEY: &str = "doc_key";
const SOURCE: &str = "source";
const RECORD_ID: &str = "record_id";
const OFFER_ID: &str = "offer_id";
const NODE: &str = "node";
const NAME: &str = "name";
const OTHER_NAMES: &str = "other_names";
const AGENCY: &str = "agency";
const DEPARTMENT: &str = "department";
const REGION: &str = "region";
const ITEM_TYPE_NAME: &str = "item_type_name";
const ITEM_TYPE_CODE: &str = "item_type_code";
const CONDITIONS: &str = "conditions";
const MATERIALS: &str = "materials";
const LEGAL_BASIS: &str = "legal_basis";
const GUIDE_COMPLETE: &str = "guide_complete";

/// Builds the schema of a new index.
pub(crate) fn build_schema() -> Schema {
    let segmented = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = TextOptions::default().set_indexing_options(segmented);
    let stored_text = text.clone().set_stored();

    let mut builder = Schema::builder();
    builder.add_text_field(DOC_KEY, STRING | FAST);
    builder.add_text_field(SOURCE, STORED);
    builder.add_text_field(RECORD_ID, STORED);
    builder.add_text_field(OFFER_ID, STORED);
    builder.add_text_field(NODE, STRING | STORED);
    builder.add_text_field(NAME, stored_text.clone());
    builder.add_text_field(OTHER_NAMES, text.clone());
    builder.add_text_field(AGENCY, text.clone());
    builder.add_text_field(DEPARTMENT, STRING | STORED);
    builder.add_text_field(REGION, stored_text.clone());
    builder.add_text_field(ITEM_TYPE_NAME, text);
    builder.add_text_field(ITEM_TYPE_CODE, STRING | STORED);
    builder.add_text_field(CONDITIONS, stored_text.clone());
    builder.add_text_field(MATERIALS, stored_text.clone());
    builder.add_text_field(LEGAL_BASIS, stored_text);
    builder.add_bool_field(GUIDE_COMPLETE, INDEXED | STORED);
    builder.build()
}

impl Fields {
    /// Resolves the fields by name in `schema`, or `None` when one is missing.
    pub(crate) fn resolve(schema: &Schema) -> Option<Fields> {
        let field = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            doc_key: field(DOC_KEY)?,
            source: field(SOURCE)?,
            record_id: field(RECORD_ID)?,
            offer_id: field(OFFER_ID)?,
            node: field(NODE)?,
            name: field(NAME)?,
            other_names: field(OTHER_NAMES)?,
            agency: field(AGENCY)?,
            department: field(DEPARTMENT)?,
            region: field(REGION)?,
            item_type_name: field(ITEM_TYPE_NAME)?,
            item_type_code: field(ITEM_TYPE_CODE)?,
            conditions: field(CONDITIONS)?,
            materials: field(MATERIALS)?,
            legal_basis: field(LEGAL_BASIS)?,
            guide_complete: field(GUIDE_COMPLETE)?,
        })
    }

    /// Returns the segmented fields a query word is looked for in, with the boost a match in
    /// each gets. A name match weighs most, so entries named for the words rank above entries
    /// that only mention them in their guide.
    pub(crate) fn weighted_text_fields(&self) -> [(Field, f32); 8] {
        [
            (self.name, 4.0),
            (self.other_names, 2.5),
            (self.agency, 1.5),
            (self.region, 1.0),
            (self.item_type_name, 1.0),
            (self.conditions, 1.0),
            (self.materials, 1.0),
            (self.legal_basis, 1.0),
        ]
    }

    /// Returns the guide fields a snippet is cut from, in order of preference on a tie.
    pub(crate) fn snippet_fields(&self) -> [Field; 3] {
        [self.conditions, self.materials, self.legal_basis]
    }
}

/// Returns the document key of `offer`.
pub(crate) fn doc_key(offer: &Offer<'_>) -> String {
    let item = offer.item;
    let mut key = format!(
        "{}{KEY_SEPARATOR}{}{KEY_SEPARATOR}{}",
        offer.node, item.source, item.record_id
    );
    if let Some(offer_id) = offer.offer_id {
        key.push(KEY_SEPARATOR);
        key.push_str(offer_id);
    }
    key
}

/// Builds the document of `offer`.
pub(crate) fn to_document(fields: &Fields, offer: &Offer<'_>) -> TantivyDocument {
    let Offer {
        item,
        node,
        offer_id,
        department,
    } = *offer;
    let mut document = TantivyDocument::new();

    document.add_text(fields.doc_key, doc_key(offer));
    document.add_text(fields.source, &item.source);
    document.add_text(fields.record_id, &item.record_id);
    if let Some(offer_id) = offer_id {
        document.add_text(fields.offer_id, offer_id);
    }
    document.add_text(fields.node, node);

    document.add_text(fields.name, item.name.trim());
    for other in [&item.parent_name, &item.handling_item_name]
        .into_iter()
        .flatten()
        .filter(|other| other.trim() != item.name.trim())
    {
        document.add_text(fields.other_names, other);
    }

    let agency = department.or(item.implementing_agency.as_deref());
    if let Some(agency) = non_blank(agency) {
        document.add_text(fields.agency, agency);
        document.add_text(fields.department, agency);
    }
    if let Some(region) = non_blank(item.region_name.as_deref()) {
        document.add_text(fields.region, region);
    }

    let type_name = item
        .item_type
        .map(|item_type| item_type.name_zh())
        .or_else(|| non_blank(item.item_type_name_raw.as_deref()));
    if let Some(type_name) = type_name {
        document.add_text(fields.item_type_name, type_name);
    }
    // Only the derived type has an A.1 code: raw codes disagree between platforms.
    if let Some(item_type) = item.item_type {
        document.add_text(fields.item_type_code, item_type.code());
    }

    if let Some(guide) = &item.guide {
        if let Some(conditions) = non_blank(guide.acceptance_conditions.as_deref()) {
            document.add_text(fields.conditions, conditions);
        }
        let materials: Vec<&str> = guide
            .materials
            .iter()
            .map(|material| material.name.trim())
            .collect();
        if !materials.is_empty() {
            document.add_text(fields.materials, materials.join("；"));
        }
        let basis: Vec<String> = guide.legal_basis.iter().map(legal_basis_text).collect();
        if !basis.is_empty() {
            document.add_text(fields.legal_basis, basis.join("；"));
        }
    }
    document.add_bool(fields.guide_complete, item.guide_complete());

    document
}

/// Writes a legal basis as a reader quotes it: 《law》(number) clause text.
fn legal_basis_text(basis: &tongban_domain::catalog::LegalBasis) -> String {
    let law = basis.law_name.trim();
    let mut text = if law.starts_with('《') {
        law.to_owned()
    } else {
        format!("《{law}》")
    };
    for part in [&basis.document_number, &basis.clause, &basis.text]
        .into_iter()
        .flatten()
    {
        let part = part.trim();
        if !part.is_empty() {
            text.push(' ');
            text.push_str(part);
        }
    }
    text
}

fn non_blank(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}
