// How shoppers write a catalog value. Each surface is [entityText, trailingNonEntityText].
// The generator is the annotator: it knows the canonical value behind every surface it writes.

export function labelOfKey(key) {
  const k = key.toLowerCase();
  if (['color', 'colour', 'shade', '颜色', '色号'].includes(k)) return 'COLOR';
  if (['size', '尺码', '尺寸'].includes(k)) return 'SIZE';
  if (['flavor', 'flavour', 'scent', 'taste', '口味', '香型'].includes(k)) return 'FLAVOR';
  return 'SPEC';
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 250 → 两百五十 / 二百五十, 2 → 两 / 二 (shoppers use both). */
export function toChinese(n, rng) {
  if (n < 10) return n === 2 && rng.chance(0.5) ? '两' : DIGITS[n];
  if (n < 20) return '十' + (n % 10 ? DIGITS[n % 10] : '');
  if (n < 100) return DIGITS[Math.floor(n / 10)] + '十' + (n % 10 ? DIGITS[n % 10] : '');
  if (n < 1000) {
    const h = Math.floor(n / 100);
    const rest = n % 100;
    const head = (h === 2 && rng.chance(0.6) ? '两' : DIGITS[h]) + '百';
    if (rest === 0) return head;
    if (rest < 10) return head + '零' + DIGITS[rest];
    return head + DIGITS[Math.floor(rest / 10)] + '十' + (rest % 10 ? DIGITS[rest % 10] : '');
  }
  return String(n);
}

const COLOR_ALIASES = {
  粉色: ['粉红', '粉红色', 'pink', 'Pink'], 黑色: ['black', '纯黑', '黑'], 白色: ['white', '纯白', '白'],
  红色: ['red', '大红'], 蓝色: ['blue', '蓝'], 灰色: ['grey', 'gray', '灰'], 绿色: ['green'], 黄色: ['yellow'],
  紫色: ['purple'], 米色: ['米白'], 卡其色: ['卡其', 'khaki'], 藏青色: ['藏青', '深蓝', 'navy'],
  酒红色: ['酒红'], 银色: ['silver'], 军绿色: ['军绿'], 驼色: ['驼'], 奶白色: ['奶白'],
};

function caseVariants(s, rng) {
  if (!/[A-Za-z]/.test(s)) return s;
  return rng.weighted([[s, 6], [s.toLowerCase(), 3], [s.toUpperCase(), 1]]);
}

export function colorSurface(v, rng) {
  if (/^#/.test(v)) {
    const bare = v.slice(1);
    return rng.weighted([[[v, ''], 5], [[bare, ''], 2], [[bare + '号', ''], 2], [['＃' + bare, ''], 1], [[v + '色号', ''], 0.5]]);
  }
  if (/^[A-Z]\d/.test(v)) return rng.weighted([[[v, ''], 4], [[v.toLowerCase(), ''], 2], [[v + '号', ''], 1]]);
  const opts = [[[v, ''], 6]];
  if (v.endsWith('色') && v.length >= 2) {
    const base = v.slice(0, -1);
    opts.push([[base, '的'], 2]);
    if (base.length >= 2) opts.push([[base, ''], 1.5]);
  }
  for (const a of COLOR_ALIASES[v] ?? []) opts.push([[a, a.length === 1 ? '的' : ''], 1]);
  return rng.weighted(opts);
}

export function sizeSurface(v, rng) {
  if (/^\d+$/.test(v)) {
    return rng.weighted([[[v + '码', ''], 6], [[v, '的'], 1.5], [[v + '号', ''], 1.5], [[v + ' 码', ''], 0.5], [[v, ''], 1]]);
  }
  const opts = [[[v, ''], 5], [[v.toLowerCase(), ''], 2], [[v + '码', ''], 3], [[v + '号', ''], 2], [[v.toLowerCase() + '码', ''], 1]];
  if (v === 'XL') opts.push([['X L', ''], 1], [['加大码', ''], 1.5], [['加大号', ''], 0.5], [['xl号', ''], 0.5]);
  if (v === 'XXL') opts.push([['2XL', ''], 1], [['加加大', ''], 0.5], [['XXL码', ''], 1]);
  if (v === '3XL') opts.push([['XXXL', ''], 1], [['3xl', ''], 1]);
  if (v === 'L') opts.push([['大码', ''], 1], [['大号', ''], 0.5]);
  if (v === 'M') opts.push([['中码', ''], 1], [['中号', ''], 0.5]);
  if (v === 'S') opts.push([['小码', ''], 1], [['小号', ''], 0.5]);
  if (v === 'NB') opts.push([['新生儿码', ''], 0.5], [['nb码', ''], 1], [['NB码', ''], 1.5]);
  return rng.weighted(opts);
}

export function flavorSurface(v, rng) {
  const base = v.replace(/(口味|味|香)$/, '');
  const opts = [[[v, ''], 5]];
  if (base.length >= 2 && base !== v) opts.push([[base, ''], 2], [[base + '口味', ''], 1], [[base + '味的', ''], 0]);
  if (base.length >= 2 && v.endsWith('香')) opts.push([[base + '味', ''], 1], [[base + '香型', ''], 0.5]);
  if (base.length >= 2 && v.endsWith('味')) opts.push([[base, '的'], 1]);
  return rng.weighted(opts);
}

const UNIT_SURFACES = {
  ml: ['ml', 'ML', '毫升', 'mL', ' ml'], L: ['L', '升'], g: ['g', '克', '克'], kg: ['kg', '公斤', 'KG'],
  斤: ['斤'], G: ['G', 'g', 'GB', 'gb', '个G'], T: ['T', 'TB'], 段: ['段'], m: ['m', '米'],
};

export function specSurface(v, rng) {
  const m = /^(\d+)\s*(.*)$/.exec(v);
  if (!m) return [caseVariants(v, rng), ''];
  const n = Number(m[1]);
  const unit = m[2];
  let num = rng.chance(unit === '段' ? 0.3 : 0.07) ? toChinese(n, rng) : String(n);
  if (unit === '段' && n === 2 && num === '两') num = '二';
  const unitForms = UNIT_SURFACES[unit];
  if (unitForms) {
    // 1kg is also 2斤 in a shopper's mouth.
    if (unit === 'kg' && rng.chance(0.15)) return [`${n * 2}斤`, ''];
    return [num + rng.pick(unitForms), ''];
  }
  // Pack counts (片, 盒, 条, 瓶, 抽, 包): sometimes "30片装".
  return rng.weighted([[[num + unit, ''], 5], [[num + unit + '装', ''], 2]]);
}

export function valueSurface(label, v, rng) {
  if (label === 'COLOR') return colorSurface(v, rng);
  if (label === 'SIZE') return sizeSurface(v, rng);
  if (label === 'FLAVOR') return flavorSurface(v, rng);
  return specSurface(v, rng);
}

export function brandSurface(brand, rng) {
  const parts = brand.split('/');
  return caseVariants(rng.pick(parts), rng);
}

export function productSurface(item, family, rng) {
  if (item.models && rng.chance(0.4)) {
    const m = rng.pick(item.models);
    return { text: caseVariants(m, rng), refersTo: 'model' };
  }
  const w = rng.chance(0.6) ? family.words[0] : rng.pick(family.words);
  return { text: caseVariants(w, rng), refersTo: 'word', word: w };
}
