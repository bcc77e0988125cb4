//! The placeholders of multi-row inserts.

/// Appends the `VALUES` rows of a multi-row insert to `sql`: `rows` groups of `columns`
/// numbered placeholders, `($1, $2), ($3, $4)`, which both back ends accept.
pub(crate) fn push_value_rows(sql: &mut String, rows: usize, columns: usize) {
    use std::fmt::Write as _;

    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..columns {
            if column > 0 {
                sql.push_str(", ");
            }
            // Writing to a String cannot fail.
            let _ = write!(sql, "${}", row * columns + column + 1);
        }
        sql.push(')');
    }
}

#[cfg(test)]
mod tests {
    use super::push_value_rows;

    #[test]
    fn value_rows_number_placeholders() {
        let mut sql = String::from("VALUES ");
        push_value_rows(&mut sql, 2, 3);
        assert_eq!(sql, "VALUES ($1, $2, $3), ($4, $5, $6)");
    }
}
