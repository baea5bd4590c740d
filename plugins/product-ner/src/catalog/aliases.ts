import { canonicalQuantity, normKey, quantityKey } from './normalize.js';

export type EntityLabel = 'BRAND' | 'PRODUCT' | 'COLOR' | 'SIZE' | 'FLAVOR' | 'SPEC';
export const LABELS: readonly EntityLabel[] = ['BRAND', 'PRODUCT', 'COLOR', 'SIZE', 'FLAVOR', 'SPEC'];

/** SKU attribute key → entity label. Keys we do not know are quantities/variants (SPEC). */
export function labelOfKey(key: string): EntityLabel {
  const k = key.trim().toLowerCase();
  if (/^(colou?r|shade|颜色|色号|色系)$/.test(k)) return 'COLOR';
  if (/^(size|尺码|尺寸|码数|鞋码)$/.test(k)) return 'SIZE';
  if (/^(flavou?r|scent|taste|fragrance|口味|味道|香型|香味)$/.test(k)) return 'FLAVOR';
  return 'SPEC';
}

/** Built-in colour aliases (all keys already in canonical base form: no trailing 色). */
const COLOR_ALIASES: Record<string, string> = {
  粉红: '粉', pink: '粉', 黑: '黑', black: '黑', 纯黑: '黑', 全黑: '黑', white: '白', 纯白: '白', red: '红', 大红: '红',
  blue: '蓝', grey: '灰', gray: '灰', green: '绿', yellow: '黄', purple: '紫', 米白: '米', khaki: '卡其', 深蓝: '藏青',
  navy: '藏青', silver: '银', gold: '金', 酒红: '酒红', orange: '橙', 桔: '橙', brown: '棕', 咖啡: '棕', beige: '米',
};

const SIZE_ALIASES: Record<string, string> = {
  加大: 'xl', 加加大: 'xxl', '2xl': 'xxl', xxxl: '3xl', '3xl': '3xl', '4xl': '4xl', xxxxl: '4xl', 大: 'l', 中: 'm', 小: 's',
  新生儿: 'nb', 特大: 'xxl', 均: '均', 均码: '均', 'free': '均', 'one size': '均',
};

export type AliasTable = Partial<Record<EntityLabel, Record<string, string>>>;

function stripColor(k: string): string {
  return k.replace(/^#/, '').replace(/(色号|号|色)$/, '') || k;
}

/**
 * The canonical form used to compare a mention with a catalog value of the same label.
 * Shop-configured aliases (`shop`) map a normalised surface to a catalog value and win over the built-ins.
 */
export function canonicalValue(label: EntityLabel, text: string, shop?: AliasTable): string {
  let k = normKey(text);
  const mapped = shop?.[label]?.[k];
  if (mapped !== undefined && normKey(mapped) !== k) return canonicalValue(label, mapped);
  // "粉的", "XL的", "草莓味的": the trailing 的 never changes the value.
  if (label !== 'BRAND' && label !== 'PRODUCT' && k.length > 1 && k.endsWith('的')) k = k.slice(0, -1);
  switch (label) {
    case 'COLOR': {
      k = stripColor(k);
      return COLOR_ALIASES[k] ?? k;
    }
    case 'SIZE': {
      k = k.replace(/^(size|尺码)/, '').replace(/(码|号|碼)$/, '') || k;
      return SIZE_ALIASES[k] ?? k;
    }
    case 'FLAVOR':
      return k.replace(/(口味|味道|香型|香味|味的|味|香)$/, '') || k;
    case 'SPEC': {
      const q = canonicalQuantity(k);
      return q ? quantityKey(q) : k;
    }
    default:
      return k;
  }
}

/** English and colloquial words shoppers use for common product types (category name → aliases). */
export const CATEGORY_ALIASES: Record<string, readonly string[]> = {
  卫衣: ['hoodie', '连帽衫', 'sweatshirt'], T恤: ['tee', 't-shirt', 'tshirt', '短袖'], 羽绒服: ['羽绒衣', 'down jacket', 'puffer'],
  外套: ['jacket', 'coat'], 牛仔裤: ['jeans', '裤子'], 连衣裙: ['dress', '裙子'], 运动鞋: ['sneakers', '跑鞋', '鞋子', '鞋'],
  跑鞋: ['running shoes'], 口红: ['lipstick', '唇膏'], 沐浴露: ['沐浴液', '沐浴乳', 'body wash', 'shower gel'],
  洗发水: ['洗发露', '洗头膏', 'shampoo'], 牛奶: ['milk', '纯牛奶'], 咖啡: ['coffee'], 薯片: ['chips', 'crisps'],
  纸尿裤: ['尿不湿', '尿裤', 'diapers', '拉拉裤'], 奶粉: ['milk powder', 'formula'], 手机: ['phone', 'mobile'],
  耳机: ['earphones', 'headphones', 'earbuds'], 平板电脑: ['tablet'], 毛衣: ['sweater'], 酸奶: ['yogurt', 'yoghurt'],
  饼干: ['biscuits', 'cookies'], 洗衣液: ['laundry detergent'], 精华: ['serum'], 面霜: ['face cream'], 湿巾: ['wipes'],
  洗面奶: ['cleanser'], 冲锋衣: ['jacket'], 短裤: ['shorts'], 数据线: ['cable'], 眼影: ['eyeshadow'], 唇釉: ['lip gloss'],
  篮球鞋: ['basketball shoes'], 帆布鞋: ['canvas shoes'], 粉底液: ['粉底', 'foundation'], 牙膏: ['toothpaste'], 大米: ['rice'],
  风衣: ['trench coat'], 充电宝: ['移动电源', 'power bank'],
};
