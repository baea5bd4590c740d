// The main sample shop ("Catalog A"): what the default model is trained on.
// Each family: category path (root → leaf), the words shoppers use for the product type, and products.
// `models` are named models/lines a shopper may say instead of the type (PRODUCT entities too).
const CLOTH = ['S', 'M', 'L', 'XL', 'XXL'];
export const familiesA = [
  { cat: ['服装', '外套', '羽绒服'], words: ['羽绒服', '羽绒衣', 'down jacket'], items: [
    { brand: '雪域/SnowLand', title: '雪域 女款连帽加厚羽绒服', attrs: { color: ['粉色', '黑色', '白色'], size: ['S', 'M', 'L', 'XL'] }, price: 399 },
    { brand: '北极狐', title: '北极狐 男款短款羽绒服', attrs: { color: ['黑色', '藏青色', '灰色'], size: ['M', 'L', 'XL', 'XXL'] }, price: 599 },
  ] },
  { cat: ['服装', '外套', '风衣'], words: ['风衣'], items: [
    { brand: '雪域/SnowLand', title: '雪域 中长款风衣', attrs: { color: ['卡其色', '黑色'], size: CLOTH }, price: 459 },
  ] },
  { cat: ['服装', '上衣', 'T恤'], words: ['T恤', 't恤', '短袖', 'tee'], items: [
    { brand: 'Uniqlo/优衣库', title: 'Uniqlo 纯棉圆领短袖T恤', attrs: { color: ['白色', '黑色', '灰色', '蓝色'], size: CLOTH }, price: 79 },
    { brand: '森马', title: '森马 印花宽松T恤', attrs: { color: ['白色', '粉色', '绿色'], size: ['S', 'M', 'L', 'XL'] }, price: 69 },
  ] },
  { cat: ['服装', '上衣', '卫衣'], words: ['卫衣', 'hoodie', '连帽衫'], items: [
    { brand: 'Nike/耐克', title: 'Nike 抓绒连帽卫衣', attrs: { color: ['黑色', '灰色', '红色'], size: CLOTH }, price: 329 },
    { brand: '森马', title: '森马 加绒卫衣', attrs: { color: ['米色', '粉色', '黑色'], size: ['M', 'L', 'XL'] }, price: 149 },
  ] },
  { cat: ['服装', '裤装', '牛仔裤'], words: ['牛仔裤', '裤子', 'jeans'], items: [
    { brand: "Levi's/李维斯", title: "Levi's 501 直筒牛仔裤", models: ['501'], attrs: { color: ['蓝色', '黑色'], size: ['28', '29', '30', '31', '32', '33'] }, price: 499 },
  ] },
  { cat: ['服装', '裤装', '运动裤'], words: ['运动裤', '卫裤'], items: [
    { brand: 'Under Armour/安德玛', title: 'Under Armour 训练运动裤', attrs: { color: ['黑色', '灰色'], size: CLOTH }, price: 299 },
  ] },
  { cat: ['家居', '床品', '四件套'], words: ['四件套', '床单被套'], items: [
    { brand: '水星家纺', title: '水星家纺 纯棉四件套', attrs: { color: ['灰色', '蓝色', '米色'], 规格: ['1.5m床', '1.8m床'] }, price: 299 },
  ] },
  { cat: ['数码', '充电宝'], words: ['充电宝', '移动电源', 'power bank'], items: [
    { brand: 'Romoss/罗马仕', title: '罗马仕 快充充电宝', attrs: { capacity: ['10000mAh', '20000mAh'], color: ['白色', '黑色'] }, price: 99 },
  ] },
  { cat: ['服装', '裙装', '连衣裙'], words: ['连衣裙', '裙子'], items: [
    { brand: '森马', title: '森马 碎花连衣裙', attrs: { color: ['白色', '黄色', '蓝色'], size: ['S', 'M', 'L'] }, price: 199 },
  ] },
  { cat: ['鞋靴', '运动鞋'], words: ['运动鞋', '跑鞋', '鞋', '鞋子', 'sneakers'], items: [
    { brand: 'Nike/耐克', title: 'Nike Air Max 270 气垫运动鞋', models: ['Air Max', 'Air Max 270', 'AirMax'], attrs: { color: ['黑色', '白色'], size: ['39', '40', '41', '42', '43', '44'] }, price: 899 },
    { brand: 'Adidas/阿迪达斯', title: 'Adidas Ultraboost 22 跑步鞋', models: ['Ultraboost', 'UB22'], attrs: { color: ['黑色', '白色', '灰色'], size: ['38', '39', '40', '41', '42', '43'] }, price: 1099 },
    { brand: 'New Balance/新百伦', title: 'New Balance 574 复古运动鞋', models: ['574'], attrs: { color: ['灰色', '藏青色'], size: ['39', '40', '41', '42', '43', '44'] }, price: 699 },
    { brand: '李宁', title: '李宁 超轻20 跑鞋', models: ['超轻20'], attrs: { color: ['白色', '蓝色'], size: ['39', '40', '41', '42', '43'] }, price: 399 },
  ] },
  { cat: ['鞋靴', '帆布鞋'], words: ['帆布鞋'], items: [
    { brand: 'Converse/匡威', title: 'Converse Chuck 70 高帮帆布鞋', models: ['Chuck 70', '1970s'], attrs: { color: ['黑色', '白色', '红色'], size: ['36', '37', '38', '39', '40', '41', '42'] }, price: 569 },
  ] },
  { cat: ['美妆', '彩妆', '口红'], words: ['口红', '唇膏', 'lipstick'], items: [
    { brand: 'MAC/魅可', title: 'MAC 子弹头口红', attrs: { color: ['#999', '#316', '#602', '#923'] }, price: 170 },
    { brand: 'YSL/圣罗兰', title: 'YSL 小金条口红', attrs: { color: ['#21', '#1966', '#28', '#1936'] }, price: 350 },
    { brand: '花西子', title: '花西子 雕花口红', attrs: { color: ['M01', 'M02', 'M03'] }, price: 169 },
  ] },
  { cat: ['美妆', '彩妆', '粉底液'], words: ['粉底液', '粉底'], items: [
    { brand: '雅诗兰黛/Estee Lauder', title: '雅诗兰黛 DW持妆粉底液', models: ['DW'], attrs: { color: ['1W1', '1W2', '2C0'], volume: ['30ml'] }, price: 420 },
  ] },
  { cat: ['美妆', '护肤', '面霜'], words: ['面霜'], items: [
    { brand: '兰蔻/Lancome', title: '兰蔻 菁纯面霜', attrs: { volume: ['30ml', '60ml'] }, price: 1080 },
  ] },
  { cat: ['个人护理', '沐浴露'], words: ['沐浴露', '沐浴液', '沐浴乳', 'body wash'], items: [
    { brand: '多芬/Dove', title: '多芬 滋养沐浴露', attrs: { flavor: ['草莓味', '玫瑰香', '樱花香'], volume: ['250ml', '500ml', '1L'] }, price: 39 },
    { brand: '舒肤佳', title: '舒肤佳 清爽沐浴露', attrs: { flavor: ['薄荷味', '柠檬味'], volume: ['400ml', '720ml'] }, price: 29 },
  ] },
  { cat: ['个人护理', '洗发水'], words: ['洗发水', '洗发露', '洗头膏', 'shampoo'], items: [
    { brand: '海飞丝', title: '海飞丝 去屑洗发水', attrs: { flavor: ['薄荷味', '柠檬味'], volume: ['400ml', '750ml'] }, price: 59 },
  ] },
  { cat: ['个人护理', '牙膏'], words: ['牙膏'], items: [
    { brand: '高露洁/Colgate', title: '高露洁 美白牙膏', attrs: { flavor: ['薄荷味', '茉莉花香'], weight: ['120g', '180g'] }, price: 19 },
  ] },
  { cat: ['食品', '零食', '薯片'], words: ['薯片', 'chips'], items: [
    { brand: '乐事/Lays', title: '乐事 薯片', attrs: { flavor: ['原味', '番茄味', '黄瓜味', '烧烤味'], weight: ['70g', '135g'] }, price: 9 },
  ] },
  { cat: ['食品', '饮品', '牛奶'], words: ['牛奶', '纯牛奶', 'milk'], items: [
    { brand: '蒙牛', title: '蒙牛 纯牛奶 整箱', attrs: { volume: ['250ml'], pack: ['12盒', '24盒'] }, price: 49 },
    { brand: '伊利', title: '伊利 草莓味酸牛奶', attrs: { flavor: ['草莓味', '原味'], volume: ['200ml'], pack: ['10盒', '16盒'] }, price: 45 },
  ] },
  { cat: ['食品', '饮品', '咖啡'], words: ['咖啡', '速溶咖啡', 'coffee'], items: [
    { brand: '雀巢/Nestle', title: '雀巢 1+2 速溶咖啡', attrs: { flavor: ['原味', '奶香', '特浓'], pack: ['30条', '90条'] }, price: 69 },
  ] },
  { cat: ['食品', '生鲜', '大米'], words: ['大米', '米'], items: [
    { brand: '五常', title: '五常 稻花香大米', attrs: { weight: ['5斤', '20斤', '5kg'] }, price: 89 },
  ] },
  { cat: ['母婴', '纸尿裤'], words: ['纸尿裤', '尿不湿', '拉拉裤'], items: [
    { brand: '帮宝适/Pampers', title: '帮宝适 一级帮 纸尿裤', models: ['一级帮'], attrs: { size: ['NB', 'S', 'M', 'L', 'XL'], pack: ['30片', '60片'] }, price: 139 },
    { brand: '花王/Merries', title: '花王 妙而舒 纸尿裤', attrs: { size: ['NB', 'S', 'M', 'L'] }, price: 119 },
  ] },
  { cat: ['母婴', '奶粉'], words: ['奶粉'], items: [
    { brand: '飞鹤', title: '飞鹤 星飞帆 婴幼儿奶粉', models: ['星飞帆'], attrs: { stage: ['1段', '2段', '3段'], weight: ['700g'] }, price: 258 },
    { brand: '爱他美/Aptamil', title: '爱他美 卓萃 奶粉', models: ['卓萃'], attrs: { stage: ['1段', '2段', '3段'], weight: ['900g'] }, price: 398 },
  ] },
  { cat: ['数码', '手机'], words: ['手机', 'phone'], items: [
    { brand: 'Apple/苹果', title: 'Apple iPhone 15', models: ['iPhone 15', 'iphone15', '苹果15'], attrs: { storage: ['128G', '256G', '512G'], color: ['黑色', '粉色', '蓝色'] }, price: 5999 },
    { brand: 'Apple/苹果', title: 'Apple iPhone 15 Pro', models: ['iPhone 15 Pro', '15 Pro'], attrs: { storage: ['256G', '512G', '1T'], color: ['原色钛金属', '黑色钛金属'] }, price: 7999 },
    { brand: '华为/HUAWEI', title: '华为 Mate 60 Pro', models: ['Mate 60', 'Mate60', 'mate 60 pro'], attrs: { storage: ['256G', '512G'], color: ['雅丹黑', '白沙银'] }, price: 6999 },
    { brand: '小米/Xiaomi', title: '小米 14', models: ['小米14', 'Xiaomi 14'], attrs: { storage: ['256G', '512G'], color: ['黑色', '白色', '绿色'] }, price: 3999 },
  ] },
  { cat: ['数码', '耳机'], words: ['耳机', 'earphones'], items: [
    { brand: 'Apple/苹果', title: 'Apple AirPods Pro 2', models: ['AirPods Pro', 'AirPods'], attrs: {}, price: 1899 },
    { brand: 'Sony/索尼', title: 'Sony WH-1000XM5 头戴式耳机', models: ['WH-1000XM5', 'XM5'], attrs: { color: ['黑色', '银色'] }, price: 2499 },
  ] },
];
