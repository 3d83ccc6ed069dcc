//! The verification mark on a result PDF made elsewhere: the QR code of its public page,
//! drawn in the bottom-right corner of the first page as an incremental update (the
//! original bytes unchanged), before the document is signed. The drawing is a content
//! stream built with lopdf's operations (filled squares on a white ground), wrapped so that
//! the page's own graphics state cannot move or hide it.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, Stream};

use crate::error::{Error, Result};

/// The mark's side, in points (2.4 cm), and its distance from the page's edges (1 cm).
const SIDE: f32 = 68.0;
const MARGIN: f32 = 28.0;

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The page's media box, looked up through its parents (inherited), or A4.
fn media_box(doc: &Document, page: ObjectId) -> [f32; 4] {
    let mut current = Some(page);
    for _ in 0..32 {
        let Some(id) = current else { break };
        let Ok(dict) = doc.get_dictionary(id) else { break };
        if let Ok(Object::Array(a)) = dict
            .get(b"MediaBox")
            .map(|o| doc.dereference(o).map(|(_, o)| o.clone()))
            .and_then(|r| r)
        {
            let n: Vec<f32> = a.iter().filter_map(number).collect();
            if let [x0, y0, x1, y1] = n[..] {
                return [x0, y0, x1, y1];
            }
        }
        current = dict.get(b"Parent").and_then(Object::as_reference).ok();
    }
    [0.0, 0.0, 595.0, 842.0]
}

fn stream(doc: &mut IncrementalDocument, operations: Vec<Operation>) -> Result<ObjectId> {
    let bytes = Content { operations }
        .encode()
        .map_err(|e| Error::PdfUnsupported(format!("drawing the mark failed: {e}")))?;
    Ok(doc.new_document.add_object(Stream::new(Dictionary::new(), bytes)))
}

/// Adds the QR code `modules` (rows of dark/light, as a QR encoder gives them) to the first
/// page of `pdf`. Encrypted and damaged files are refused as for signing.
pub fn add_verification_mark(pdf: &[u8], modules: &[Vec<bool>]) -> Result<Vec<u8>> {
    let previous = Document::load_mem(pdf)?;
    if previous.is_encrypted() || previous.encryption_state.is_some() || previous.trailer.has(b"Encrypt") {
        return Err(Error::PdfEncrypted);
    }
    if previous.xref_start == 0 {
        return Err(Error::PdfUnsupported(
            "its cross-reference section is damaged (the file had to be repaired to be read)".into(),
        ));
    }
    let page = *previous
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| Error::PdfUnsupported("it has no pages".into()))?;
    let [_, y0, x1, _] = media_box(&previous, page);
    let old_contents: Vec<Object> = match previous.get_dictionary(page)?.get(b"Contents") {
        Ok(Object::Reference(r)) => vec![Object::Reference(*r)],
        Ok(Object::Array(a)) => a.clone(),
        _ => Vec::new(),
    };

    let n = modules.len().max(1);
    // Quiet zone of two modules on each side.
    let cell = SIDE / (n + 4) as f32;
    let (left, bottom) = (x1 - MARGIN - SIDE, y0 + MARGIN);
    let mut ops = vec![
        Operation::new("q", vec![]),
        Operation::new("rg", vec![1.into(), 1.into(), 1.into()]),
        Operation::new("re", vec![left.into(), bottom.into(), SIDE.into(), SIDE.into()]),
        Operation::new("f", vec![]),
        Operation::new("rg", vec![0.into(), 0.into(), 0.into()]),
    ];
    for (row, cells) in modules.iter().enumerate() {
        for (col, dark) in cells.iter().enumerate() {
            if *dark {
                let x = left + (col + 2) as f32 * cell;
                let y = bottom + SIDE - (row + 3) as f32 * cell;
                ops.push(Operation::new("re", vec![x.into(), y.into(), cell.into(), cell.into()]));
            }
        }
    }
    ops.push(Operation::new("f", vec![]));
    ops.push(Operation::new("Q", vec![]));

    let mut update = IncrementalDocument::create_from(pdf.to_vec(), previous);
    let save = stream(&mut update, vec![Operation::new("q", vec![])])?;
    let restore = stream(&mut update, vec![Operation::new("Q", vec![])])?;
    let mark = stream(&mut update, ops)?;
    update.opt_clone_object_to_new_document(page)?;
    let mut contents = vec![Object::Reference(save)];
    contents.extend(old_contents);
    contents.push(Object::Reference(restore));
    contents.push(Object::Reference(mark));
    update
        .new_document
        .get_object_mut(page)?
        .as_dict_mut()?
        .set("Contents", Object::Array(contents));
    let mut bytes = Vec::with_capacity(pdf.len() + 16 * 1024);
    update
        .save_to(&mut bytes)
        .map_err(|e| Error::PdfUnsupported(format!("writing the update failed: {e}")))?;
    Ok(bytes)
}
