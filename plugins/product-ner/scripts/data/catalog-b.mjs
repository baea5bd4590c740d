// A second, different shop ("Catalog B") for the unseen-catalog evaluation: other brands, product
// types, colours, flavours and some attribute keys the model never saw in training (shade, scent,
// capacity, length, 规格).
export const familiesB = [
  { cat: ['户外', '户外服装', '冲锋衣'], words: ['冲锋衣', '外套', 'jacket'], items: [
    { brand: '骆驼/CAMEL', title: '骆驼 三合一冲锋衣', attrs: { colour: ['雾霾蓝', '军绿色', '黑色'], size: ['M', 'L', 'XL', 'XXL', '3XL'] }, price: 458 },
    { brand: 'The North Face/北面', title: 'The North Face 防水冲锋衣', attrs: { colour: ['黑色', '红色'], size: ['S', 'M', 'L', 'XL'] }, price: 1598 },
  ] },
  { cat: ['服装', '针织', '毛衣'], words: ['毛衣', '针织衫', 'sweater'], items: [
    { brand: '鄂尔多斯/ERDOS', title: '鄂尔多斯 羊绒圆领毛衣', attrs: { colour: ['驼色', '酒红色', '燕麦色'], size: ['S', 'M', 'L', 'XL'] }, price: 899 },
    { brand: 'ZARA', title: 'ZARA 宽松针织毛衣', attrs: { colour: ['奶白色', '黑色'], size: ['S', 'M', 'L'] }, price: 299 },
  ] },
  { cat: ['服装', '裤装', '短裤'], words: ['短裤', '沙滩裤'], items: [
    { brand: '安踏/ANTA', title: '安踏 速干运动短裤', attrs: { colour: ['黑色', '灰色', '藏青色'], size: ['M', 'L', 'XL', 'XXL'] }, price: 99 },
  ] },
  { cat: ['鞋靴', '板鞋'], words: ['板鞋', '鞋', '鞋子'], items: [
    { brand: 'Vans/范斯', title: 'Vans Old Skool 经典板鞋', models: ['Old Skool'], attrs: { colour: ['黑白', '全黑'], size: ['36', '37', '38', '39', '40', '41', '42', '43'] }, price: 499 },
    { brand: '回力', title: '回力 小白鞋', models: ['小白鞋'], attrs: { size: ['35', '36', '37', '38', '39', '40'] }, price: 89 },
  ] },
  { cat: ['鞋靴', '篮球鞋'], words: ['篮球鞋', '球鞋'], items: [
    { brand: 'Jordan/乔丹', title: 'Air Jordan 1 Mid 篮球鞋', models: ['AJ1', 'Air Jordan 1', 'Jordan 1'], attrs: { colour: ['黑红', '白蓝'], size: ['40', '41', '42', '43', '44', '45'] }, price: 999 },
  ] },
  { cat: ['美妆', '彩妆', '眼影'], words: ['眼影', '眼影盘'], items: [
    { brand: '完美日记', title: '完美日记 十二色动物眼影盘', attrs: { shade: ['#01小猪盘', '#02小狗盘', '#03小猫盘'] }, price: 129 },
  ] },
  { cat: ['美妆', '彩妆', '唇釉'], words: ['唇釉', '口红', '唇彩'], items: [
    { brand: 'Dior/迪奥', title: 'Dior 烈艳蓝金唇釉', attrs: { shade: ['#999', '#720', '#840'] }, price: 330 },
    { brand: '3CE', title: '3CE 丝绒唇釉', attrs: { shade: ['#Taupe', '#Pink Break', '#Mellow Flower'] }, price: 139 },
  ] },
  { cat: ['美妆', '护肤', '精华'], words: ['精华', '精华液', 'serum'], items: [
    { brand: '雅诗兰黛/Estee Lauder', title: '雅诗兰黛 小棕瓶精华', models: ['小棕瓶'], attrs: { capacity: ['30ml', '50ml', '100ml'] }, price: 680 },
    { brand: 'SK-II', title: 'SK-II 神仙水', models: ['神仙水'], attrs: { capacity: ['75ml', '160ml', '230ml'] }, price: 1070 },
  ] },
  { cat: ['家清', '洗衣液'], words: ['洗衣液', '洗衣露'], items: [
    { brand: '蓝月亮', title: '蓝月亮 深层洁净洗衣液', attrs: { scent: ['薰衣草香', '自然清香'], weight: ['1kg', '3kg'] }, price: 49 },
    { brand: '奥妙/OMO', title: '奥妙 除菌洗衣液', attrs: { scent: ['柠檬香', '玫瑰香'], weight: ['2kg'] }, price: 59 },
  ] },
  { cat: ['个人护理', '洗面奶'], words: ['洗面奶', '洁面乳', '洁面'], items: [
    { brand: '旁氏/Ponds', title: '旁氏 米粹洗面奶', attrs: { capacity: ['120g', '150g'] }, price: 45 },
  ] },
  { cat: ['食品', '乳品', '酸奶'], words: ['酸奶', 'yogurt'], items: [
    { brand: '安慕希', title: '安慕希 希腊风味酸奶', attrs: { flavour: ['原味', '蓝莓味', '芒果味', '黄桃味'], volume: ['205g', '230g'], 规格: ['10瓶', '12瓶'] }, price: 65 },
  ] },
  { cat: ['食品', '零食', '饼干'], words: ['饼干', '曲奇'], items: [
    { brand: '奥利奥/Oreo', title: '奥利奥 夹心饼干', attrs: { flavour: ['原味', '抹茶味', '巧克力味'], weight: ['97g', '388g'] }, price: 12 },
    { brand: '三只松鼠', title: '三只松鼠 手撕面包', attrs: { flavour: ['原味', '奶香'], weight: ['1kg', '500g'] }, price: 29 },
  ] },
  { cat: ['食品', '饮品', '茶饮料'], words: ['茶', '茶饮料', '冰红茶'], items: [
    { brand: '康师傅', title: '康师傅 冰红茶', attrs: { flavour: ['柠檬味', '蜜桃味'], volume: ['500ml', '1L'], 规格: ['15瓶', '24瓶'] }, price: 39 },
  ] },
  { cat: ['母婴', '湿巾'], words: ['湿巾', '湿纸巾'], items: [
    { brand: '全棉时代', title: '全棉时代 婴儿湿巾', attrs: { pack: ['80抽', '100抽'], 规格: ['6包', '12包'] }, price: 69 },
  ] },
  { cat: ['母婴', '纸尿裤'], words: ['纸尿裤', '尿不湿', '尿裤'], items: [
    { brand: '好奇/Huggies', title: '好奇 金装 纸尿裤', models: ['金装'], attrs: { size: ['NB', 'S', 'M', 'L', 'XL', 'XXL'] }, price: 129 },
  ] },
  { cat: ['母婴', '奶粉'], words: ['奶粉'], items: [
    { brand: '美赞臣/Enfamil', title: '美赞臣 蓝臻 奶粉', models: ['蓝臻'], attrs: { stage: ['1段', '2段', '3段', '4段'], weight: ['800g'] }, price: 358 },
  ] },
  { cat: ['数码', '平板电脑'], words: ['平板', '平板电脑', 'pad'], items: [
    { brand: 'Apple/苹果', title: 'Apple iPad Air 5', models: ['iPad Air', 'iPad Air 5', 'iPad'], attrs: { storage: ['64G', '256G'], colour: ['星光色', '深空灰色', '紫色'] }, price: 4399 },
    { brand: '华为/HUAWEI', title: '华为 MatePad 11', models: ['MatePad', 'MatePad 11'], attrs: { storage: ['128G', '256G'], colour: ['曜石灰', '冰霜银'] }, price: 2499 },
  ] },
  { cat: ['数码', '充电线'], words: ['数据线', '充电线'], items: [
    { brand: 'Anker/安克', title: 'Anker 快充数据线', attrs: { length: ['1m', '2m'], colour: ['黑色', '白色'] }, price: 39 },
  ] },
  { cat: ['数码', '手机'], words: ['手机', 'phone'], items: [
    { brand: 'OPPO', title: 'OPPO Find X7', models: ['Find X7', 'findx7'], attrs: { storage: ['256G', '512G'], colour: ['大漠银月', '海阔天空'] }, price: 4499 },
    { brand: 'vivo', title: 'vivo X100', models: ['X100', 'x100'], attrs: { storage: ['256G', '512G', '1T'], colour: ['星迹蓝', '辰夜黑'] }, price: 3999 },
  ] },
];
