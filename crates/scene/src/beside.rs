//! The side arrangement, for a box of fixed height that is wider than the picture (a player told
//! its height, a slide): the StatefulSets and Services in a column on the left and everything
//! else beside them, rather than above, so that the picture is drawn larger in the same box.

use crate::build::r1;
use crate::{Item, Scene, Target};

/// Between the column and the rest.
const APART: f32 = 24.0;

/// How much larger the side arrangement must draw the picture to be chosen: it is a different
/// picture, worth it only for a clear gain.
const WORTH: f32 = 1.1;

/// The scale at which a picture `w` × `h` fits a box `aspect` wide (width over height) and 1 high.
fn fit(w: f32, h: f32, aspect: f32) -> f32 {
    (aspect / w).min(1.0 / h)
}

fn in_column(item: &Item) -> bool {
    matches!(item.target, Target::StatefulSet { .. } | Target::Service { .. })
}

fn is_edge(item: &Item) -> bool {
    matches!(item.target, Target::Edge)
}

/// `scene` in the side arrangement, if that draws it at least [`WORTH`] larger in a box of
/// `aspect`; otherwise as it is. `margin` and `gap` are the level of detail's.
pub(crate) fn arrange(scene: Scene, aspect: f32, margin: f32, gap: f32) -> Scene {
    let column: Vec<&Item> = scene.items.iter().filter(|i| in_column(i)).collect();
    let column_w = column.iter().map(|i| i.w).fold(0.0, f32::max);
    let rest = || scene.items.iter().filter(|i| !in_column(i) && !is_edge(i));
    let Some(rest_top) = rest().map(|i| i.y).reduce(f32::min) else { return scene };
    if column.is_empty() {
        return scene;
    }
    let column_h = column.iter().map(|i| i.h + gap).sum::<f32>() - gap;
    let (dx, dy) = (column_w + APART, rest_top - margin);
    let rest_right = rest().map(|i| i.x + i.w * i.scale).fold(0.0, f32::max);
    let width = (rest_right + dx).max(margin + column_w) + margin;
    // The bottom keeps the gap it had below the rest.
    let height = (scene.height - dy).max(margin + column_h + margin);
    if fit(width, height, aspect) < WORTH * fit(scene.width, scene.height, aspect) {
        return scene;
    }
    let mut y = margin;
    let items = scene
        .items
        .into_iter()
        .map(|mut it| {
            if in_column(&it) {
                (it.x, it.y) = (margin, y);
                y += it.h + gap;
            } else {
                // Edges are drawn from the origin: they move as a whole.
                it.x += dx;
                it.y -= dy;
            }
            it
        })
        .collect();
    Scene { width: r1(width), height: r1(height), items, ..scene }
}
