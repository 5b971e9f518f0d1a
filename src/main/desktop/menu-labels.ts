/** The application menu's words, in both languages side by side so neither falls behind. */

export type MenuLanguage = 'en' | 'zh-CN';

export interface MenuLabels {
  app: string;
  file: string;
  edit: string;
  view: string;
  window: string;
  help: string;
  about: string;
  services: string;
  hide: string;
  hideOthers: string;
  unhide: string;
  quit: string;
  closeWindow: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  pasteAndMatchStyle: string;
  delete: string;
  selectAll: string;
  reload: string;
  toggleDevTools: string;
  resetZoom: string;
  zoomIn: string;
  zoomOut: string;
  toggleFullScreen: string;
  minimize: string;
  zoom: string;
  front: string;
}

export const MENU_LABELS: Record<MenuLanguage, MenuLabels> = {
  en: {
    app: 'NetAssist',
    file: 'File',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    about: 'About NetAssist',
    services: 'Services',
    hide: 'Hide NetAssist',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quit: 'Quit NetAssist',
    closeWindow: 'Close Window',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    pasteAndMatchStyle: 'Paste and Match Style',
    delete: 'Delete',
    selectAll: 'Select All',
    reload: 'Reload',
    toggleDevTools: 'Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    toggleFullScreen: 'Full Screen',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
  },
  'zh-CN': {
    app: 'NetAssist',
    file: '文件',
    edit: '编辑',
    view: '视图',
    window: '窗口',
    help: '帮助',
    about: '关于 NetAssist',
    services: '服务',
    hide: '隐藏 NetAssist',
    hideOthers: '隐藏其他',
    unhide: '全部显示',
    quit: '退出 NetAssist',
    closeWindow: '关闭窗口',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    pasteAndMatchStyle: '粘贴并匹配样式',
    delete: '删除',
    selectAll: '全选',
    reload: '重新加载',
    toggleDevTools: '开发者工具',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    toggleFullScreen: '全屏',
    minimize: '最小化',
    zoom: '缩放',
    front: '前置全部窗口',
  },
};

/** Any Chinese locale (`zh-CN`, `zh-TW`, `zh`) gets the Chinese menu; everything else English. */
export function menuLanguage(locale: string): MenuLanguage {
  return /^zh(?:[-_]|$)/i.test(locale) ? 'zh-CN' : 'en';
}
